"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { type Hex, parseUnits, zeroAddress, zeroHash } from "viem";
import { useAccount, usePublicClient } from "wagmi";
import { gdaV1ForwarderAbi, iPRegistryAbi, licenseTermsAbi, licenseTokenAbi, royaltyPoolsAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import { useDeployment } from "@/hooks/useDeployment";
import { useGatewaySession } from "@/hooks/useGatewaySession";
import { useTx } from "@/hooks/useTx";
import { WorkName } from "@/hooks/useWorkInfo";
import { explainError } from "@/lib/errors";
import { type FileIdentity, identifyFile } from "@ipnft/protocol/content";
import { storeMetadata, uploadOriginal } from "@/lib/gateway-client";
import { termsHeadline } from "@ipnft/protocol/terms-words";
import { type Terms } from "@ipnft/protocol/terms";
import { type Kind, kinds, kindWords, type WorkMetadata } from "@ipnft/protocol/work-metadata";
import { FileDrop } from "./FileDrop";
import { TermsEditor, type TermsDraft, defaultDraft, draftToTerms } from "./TermsEditor";
import { TermsList } from "./TermsList";
import { TxStatus } from "./ui/TxStatus";

export interface Preset {
  termsId: bigint;
  name: string;
  terms: Terms;
}

/** The licenses the account holds that let it register a derivative now, with the parent and the royalty owed. */
function useDerivativeLicenses(account: `0x${string}` | undefined) {
  const client = usePublicClient();
  const { contracts, startBlock } = useDeployment();
  return useQuery({
    queryKey: ["derivative-licenses", account],
    enabled: Boolean(client && account && contracts.LicenseToken),
    queryFn: async () => {
      const token = contracts.LicenseToken!;
      const received = await client!.getContractEvents({ address: token, abi: licenseTokenAbi, eventName: "Transfer", args: { to: account }, fromBlock: BigInt(startBlock) });
      const ids = [...new Set(received.map((e) => e.args.tokenId!))];
      const grants = await Promise.all(
        ids.map(async (licenseId) => {
          const [ok, parentIpId, royaltyBps] = await client!.readContract({ address: token, abi: licenseTokenAbi, functionName: "derivativeGrant", args: [licenseId, account!] });
          return ok ? { licenseId, parentIpId, royaltyBps: Number(royaltyBps) } : null;
        }),
      );
      return grants.filter((g): g is { licenseId: bigint; parentIpId: bigint; royaltyBps: number } => g !== null);
    },
  });
}

type Picked = { file: File; identity?: FileIdentity; progress: number; localUrl: string; existing?: bigint };
type Step = "signin" | "upload" | "metadata" | "terms" | "register" | "shares" | "sale";
const stepWords: Record<Step, string> = {
  signin: "Sign in to the gateway with your wallet",
  upload: "Upload the file (the gateway checks it has the same CID)",
  metadata: "Store the title, description and CIDs as metadata",
  terms: "Write your own terms on chain",
  register: "Register the IP-NFT with its birth certificate",
  shares: "Create its revenue shares and royalty pool, and connect you to it",
  sale: "Offer shares to fans",
};
type StepState = "waiting" | "doing" | "done" | "failed";

/**
 * The artist's mint flow: the file is hashed in the browser (SHA-256 and CIDv1 shown before anything
 * is sent), then uploaded, described, given license terms, and registered on chain.
 */
export function MintForm({ presets, shareSupply }: { presets: Preset[]; shareSupply: bigint }) {
  const router = useRouter();
  const { address } = useAccount();
  const client = usePublicClient();
  const deployment = useDeployment();
  const { contracts, currency } = deployment;
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const { ensureSignedIn } = useGatewaySession();
  const { state: txState, send } = useTx();

  const [picked, setPicked] = useState<Picked | null>(null);
  const [kind, setKind] = useState<Kind>("Work");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const [royaltyPct, setRoyaltyPct] = useState("5");
  const [chosen, setChosen] = useState<Set<bigint>>(() => new Set(presets.slice(0, 1).map((p) => p.termsId)));
  const [custom, setCustom] = useState(false);
  const [draft, setDraft] = useState<TermsDraft>(defaultDraft);
  const derivativeLicenses = useDerivativeLicenses(address);
  const [parents, setParents] = useState<Set<bigint>>(() => new Set());
  const [withShares, setWithShares] = useState(true);
  const [sharesOffered, setSharesOffered] = useState("100000");
  const [sharePrice, setSharePrice] = useState("0.001");
  const [steps, setSteps] = useState<Partial<Record<Step, StepState>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.localUrl) : undefined), [picked]);

  const pick = async (file: File) => {
    setProblem(null);
    setSteps({});
    const localUrl = URL.createObjectURL(file);
    setPicked({ file, progress: 0, localUrl });
    if (!title) setTitle(file.name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " "));
    try {
      const identity = await identifyFile(new Uint8Array(await file.arrayBuffer()), (progress) =>
        setPicked((p) => (p && p.file === file ? { ...p, progress } : p)),
      );
      const existing =
        client && contracts.IPRegistry
          ? await client.readContract({ address: contracts.IPRegistry, abi: iPRegistryAbi, functionName: "ipIdOfContentHash", args: [identity.sha256] })
          : 0n;
      setPicked((p) => (p && p.file === file ? { ...p, identity, progress: 1, existing: existing || undefined } : p));
    } catch (error) {
      setProblem(`The file could not be read: ${explainError(error)}`);
    }
  };

  const customTerms = useMemo(() => (custom ? draftToTerms(draft, currency.superToken, currency.decimals) : null), [custom, draft, currency]);
  const isImage = picked?.file.type.startsWith("image/");

  const mint = async () => {
    setProblem(null);
    if (!address) return setProblem("Connect a wallet first: the IP-NFT is minted to it.");
    if (!picked?.identity) return setProblem("Choose a file first, and let it finish hashing.");
    if (picked.existing) return setProblem(`These bytes are already registered as IP #${picked.existing}: a file has one birth certificate.`);
    if (!title.trim()) return setProblem("Give the work a title.");
    const royalty = Number(royaltyPct);
    if (!Number.isFinite(royalty) || royalty < 0 || royalty > 10) return setProblem("The resale royalty is a percentage from 0 to 10.");
    if (customTerms && "problem" in customTerms) return setProblem(customTerms.problem);
    if (chosen.size === 0 && !customTerms) return setProblem("Pick at least one license to offer, or write your own terms.");
    let offered = 0n;
    let price = 0n;
    if (withShares) {
      if (!/^\d+$/.test(sharesOffered.trim())) return setProblem("Shares to offer must be a whole number (0 to keep them all).");
      offered = BigInt(sharesOffered.trim());
      if (offered > shareSupply) return setProblem(`A work has ${shareSupply.toLocaleString("en-US")} shares: you cannot offer more.`);
      try {
        price = parseUnits(sharePrice.trim(), currency.decimals);
      } catch {
        return setProblem("Enter a share price such as 0.001.");
      }
      if (offered > 0n && price === 0n) return setProblem("Set a price above zero for the shares you offer.");
    }
    const identity = picked.identity;
    const mark = (step: Step, s: StepState) => setSteps((all) => ({ ...all, [step]: s }));
    let current: Step = "signin";
    setBusy(true);
    try {
      mark("signin", "doing");
      await ensureSignedIn();
      mark("signin", "done");

      current = "upload";
      mark("upload", "doing");
      const uploaded = await uploadOriginal(picked.file, picked.file.name);
      if (uploaded.cid !== identity.cid || uploaded.sha256.toLowerCase() !== identity.sha256.toLowerCase()) {
        throw new Error(`The gateway computed CID ${uploaded.cid}, but your browser computed ${identity.cid}: the file changed on the way. Nothing was registered.`);
      }
      mark("upload", "done");

      current = "metadata";
      mark("metadata", "doing");
      const metadata: WorkMetadata = {
        name: title.trim(),
        description: description.trim(),
        kind,
        media: { cid: identity.cid, sha256: identity.sha256, mediaType: uploaded.mediaType, size: identity.size },
        ...(uploaded.previewCid ? { preview: uploaded.previewCid } : {}),
        image: `ipfs://${identity.cid}`,
        creator: address,
        createdAt: new Date().toISOString(),
        tags: tags.split(",").map((t) => t.trim()).filter(Boolean).slice(0, 12),
      };
      const stored = await storeMetadata(metadata);
      mark("metadata", "done");

      const termsIds = [...chosen];
      if (customTerms && "terms" in customTerms) {
        current = "terms";
        mark("terms", "doing");
        let id = await client!.readContract({ address: contracts.LicenseTerms!, abi: licenseTermsAbi, functionName: "termsIdOf", args: [customTerms.terms] });
        if (id === 0n) {
          const ok = await send("Write your terms on chain", {
            address: contracts.LicenseTerms!,
            abi: licenseTermsAbi,
            functionName: "registerTerms",
            args: [customTerms.terms],
          });
          if (!ok) throw new Error("silent");
          id = await client!.readContract({ address: contracts.LicenseTerms!, abi: licenseTermsAbi, functionName: "termsIdOf", args: [customTerms.terms] });
        }
        if (!termsIds.includes(id)) termsIds.push(id);
        mark("terms", "done");
      }

      current = "register";
      mark("register", "doing");
      const ok = await send(`Register “${title.trim()}”`, {
        address: contracts.IPRegistry!,
        abi: iPRegistryAbi,
        functionName: "register",
        args: [
          {
            kind: kinds.indexOf(kind),
            contentHash: identity.sha256,
            contentCid: identity.cidBytes,
            metadataCid: stored.cidBytes as Hex,
            c2paManifestHash: zeroHash,
            royaltyBps: Math.round(royalty * 100),
            parentLicenseIds: [...parents],
            termsIds,
          },
        ],
      });
      if (!ok) throw new Error("silent");
      const ipId = await client!.readContract({ address: contracts.IPRegistry!, abi: iPRegistryAbi, functionName: "ipIdOfContentHash", args: [identity.sha256] });
      mark("register", "done");

      if (withShares) {
        current = "shares";
        mark("shares", "doing");
        const enabled = await send("Create revenue shares and the royalty pool", {
          address: contracts.RoyaltyPools!,
          abi: royaltyPoolsAbi,
          functionName: "enableShares",
          args: [ipId],
        });
        if (!enabled) throw new Error("silent");
        const [shareToken, pool] = await Promise.all([
          client!.readContract({ address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "shareTokenOf", args: [ipId] }),
          client!.readContract({ address: contracts.RoyaltyPools!, abi: royaltyPoolsAbi, functionName: "poolOf", args: [ipId] }),
        ]);
        if (shareToken === zeroAddress) throw new Error("The shares were not created.");
        // Connected, the artist's royalties land in their balance second by second instead of waiting in the pool.
        const connected = await send("Connect to your royalty pool", {
          address: deployment.superfluid.gdaV1Forwarder,
          abi: gdaV1ForwarderAbi,
          functionName: "connectPool",
          args: [pool, "0x"],
        });
        if (!connected) throw new Error("silent");
        mark("shares", "done");
        if (offered > 0n) {
          current = "sale";
          mark("sale", "doing");
          const opened = await send(`Offer ${offered.toLocaleString("en-US")} shares to fans`, {
            address: shareToken,
            abi: shareTokenAbi,
            functionName: "openSale",
            args: [offered, price],
          });
          if (!opened) throw new Error("silent");
          mark("sale", "done");
        }
      }
      router.push(`/works/${ipId}?minted=1`);
    } catch (error) {
      mark(current, "failed");
      // A transaction's failure is already shown, in words, by its status line.
      if ((error as Error).message !== "silent") setProblem(explainError(error));
    } finally {
      setBusy(false);
    }
  };

  const shownSteps: Step[] = [
    "signin",
    "upload",
    "metadata",
    ...(custom ? (["terms"] as Step[]) : []),
    "register",
    ...(withShares ? (["shares"] as Step[]) : []),
    ...(withShares && sharesOffered.trim() !== "0" ? (["sale"] as Step[]) : []),
  ];

  return (
    <form
      className="mint"
      onSubmit={(e) => {
        e.preventDefault();
        void mint();
      }}
    >
      <section className="card" aria-labelledby="file-heading">
        <h2 id="file-heading">1. Your file</h2>
        <FileDrop label="Choose or drop the file to register" hint="Images get a public low-resolution preview; the original is served only to licensees." onFile={(f) => void pick(f)} disabled={busy} />
        {picked ? (
          <div className="picked">
            {isImage ? (
              // eslint-disable-next-line @next/next/no-img-element -- a local object URL of the chosen file
              <img src={picked.localUrl} alt={`The file you chose, ${picked.file.name}`} width={160} height={160} className="thumb" />
            ) : null}
            <dl className="certificate" aria-live="polite">
              <div><dt>File</dt><dd>{picked.file.name} ({picked.file.size.toLocaleString("en-US")} bytes)</dd></div>
              <div>
                <dt>SHA-256 (computed in your browser)</dt>
                <dd className="mono wrap" data-testid="file-sha256">{picked.identity?.sha256 ?? `hashing… ${Math.round(picked.progress * 100)}%`}</dd>
              </div>
              <div>
                <dt>IPFS CID (computed in your browser)</dt>
                <dd className="mono wrap" data-testid="file-cid">{picked.identity?.cid ?? "…"}</dd>
              </div>
            </dl>
            {picked.existing ? (
              <p role="alert" className="problem">
                These exact bytes already have a birth certificate: <a href={`/works/${picked.existing}`}>IP #{picked.existing.toString()}</a>.
              </p>
            ) : null}
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="about-heading">
        <h2 id="about-heading">2. What it is</h2>
        <fieldset className="kinds">
          <legend>Kind</legend>
          {kinds.map((k) => (
            <label key={k} className="check">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {kindWords[k]}
            </label>
          ))}
        </fieldset>
        <div className="grid-fields">
          <label>
            Title
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
          </label>
          <label>
            Tags (comma separated)
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="watercolour, landscape" />
          </label>
          <label>
            Resale royalty on the IP-NFT (%)
            <input inputMode="decimal" value={royaltyPct} onChange={(e) => setRoyaltyPct(e.target.value)} />
          </label>
        </div>
        <label>
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={4000} />
        </label>
      </section>

      {derivativeLicenses.data?.length ? (
        <section className="card" aria-labelledby="parents-heading">
          <h2 id="parents-heading">Derived from another work?</h2>
          <p className="muted">
            You hold licenses that allow derivatives. Name the works this one builds on: the chain records them as its parents, and each
            receives the share of this work’s income its terms ask for.
          </p>
          <ul className="presets">
            {derivativeLicenses.data.map((g) => (
              <li key={g.licenseId.toString()}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={parents.has(g.licenseId)}
                    onChange={(e) =>
                      setParents((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(g.licenseId);
                        else next.delete(g.licenseId);
                        return next;
                      })
                    }
                  />{" "}
                  A derivative of <WorkName ipId={g.parentIpId} /> (license #{g.licenseId.toString()}; owes it {g.royaltyBps / 100}% of its income)
                </label>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="terms-heading">
        <h2 id="terms-heading">3. Licenses you offer</h2>
        <p className="muted">Pick one or more. Terms are written on chain; licenses sold under them never change.</p>
        <ul className="presets">
          {presets.map((p) => (
            <li key={p.termsId.toString()}>
              <details>
                <summary>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.has(p.termsId)}
                      onChange={(e) =>
                        setChosen((s) => {
                          const next = new Set(s);
                          if (e.target.checked) next.add(p.termsId);
                          else next.delete(p.termsId);
                          return next;
                        })
                      }
                    />{" "}
                    {p.name} <span className="muted">({termsHeadline(p.terms)})</span>
                  </label>
                </summary>
                <TermsList terms={p.terms} currency={money} />
              </details>
            </li>
          ))}
        </ul>
        <label className="check">
          <input type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} /> Also offer terms I write myself
        </label>
        {custom ? <TermsEditor draft={draft} onChange={setDraft} currency={money} superToken={currency.superToken} /> : null}
      </section>

      <section className="card" aria-labelledby="shares-heading">
        <h2 id="shares-heading">4. Shares for fans</h2>
        <p className="muted">
          A work has {shareSupply.toLocaleString("en-US")} revenue shares. Whoever holds them receives its license fees and royalty streams,
          in proportion, second by second. You receive all of them; offer part to fans at a fixed price.
        </p>
        <label className="check">
          <input type="checkbox" checked={withShares} onChange={(e) => setWithShares(e.target.checked)} /> Create revenue shares for this work
        </label>
        {withShares ? (
          <div className="grid-fields">
            <label>
              Shares to offer fans (0 keeps them all)
              <input inputMode="numeric" value={sharesOffered} onChange={(e) => setSharesOffered(e.target.value)} />
            </label>
            <label>
              Price per share ({currency.superTokenSymbol})
              <input inputMode="decimal" value={sharePrice} onChange={(e) => setSharePrice(e.target.value)} />
            </label>
            <p className="muted" data-testid="share-offer-words">
              {/^\d+$/.test(sharesOffered.trim()) && Number(sharesOffered) > 0
                ? `Fans can buy ${Number(sharesOffered).toLocaleString("en-US")} shares (${(Number(sharesOffered) / Number(shareSupply) * 100).toLocaleString("en-US", { maximumFractionDigits: 4 })}% of the royalties); you keep the rest.`
                : "You keep every share."}
            </p>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="mint-heading">
        <h2 id="mint-heading">5. Register</h2>
        <button type="submit" disabled={busy || !picked?.identity}>
          Register and mint the IP-NFT
        </button>
        {Object.keys(steps).length ? (
          <ol className="steps" aria-label="Progress">
            {shownSteps.map((s) => (
              <li key={s} data-step={s} data-state={steps[s] ?? "waiting"}>
                {stepWords[s]}: {{ waiting: "waiting", doing: "in progress…", done: "done", failed: "failed" }[steps[s] ?? "waiting"]}
              </li>
            ))}
          </ol>
        ) : null}
        {problem ? (
          <p role="alert" className="problem">
            {problem}
          </p>
        ) : null}
        <TxStatus state={txState} />
      </section>
    </form>
  );
}
