"use client";
import type { TermsPreset } from "@ipnft/protocol/verbs";
import { useMemo, useState } from "react";
import { useAccount } from "wagmi";
import { useDerivativeGrants } from "@/hooks/licenses/useLicenses";
import { useDeployment } from "@/hooks/useDeployment";
import { mintSteps } from "@/hooks/works/mint-sequence";
import { useMint } from "@/hooks/works/useMint";
import { usePickedFile } from "@/hooks/works/usePickedFile";
import { type About, AboutSection } from "./mint/AboutSection";
import { FileSection } from "./mint/FileSection";
import { MintProgress } from "./mint/MintProgress";
import { OffersSection } from "./mint/OffersSection";
import { ParentsSection } from "./mint/ParentsSection";
import { type ShareOffer, SharesSection } from "./mint/SharesSection";
import { defaultDraft, draftToTerms, type TermsDraft } from "./TermsEditor";
import { Problem } from "./ui/Problem";
import { TxStatus } from "./ui/TxStatus";

/**
 * The artist's mint flow: the file is hashed in the browser (SHA-256 and CIDv1 shown before anything
 * is sent), then uploaded, described, given license terms, and registered on chain (the sequence lives in `useMint`).
 */
export function MintForm({ presets, shareSupply }: { presets: TermsPreset[]; shareSupply: bigint }) {
  const { address } = useAccount();
  const { currency } = useDeployment();
  const money = { symbol: currency.superTokenSymbol, decimals: currency.decimals };
  const { picked, pick } = usePickedFile();
  const { mint, reset, steps, problem, setProblem, notice, busy, txState } = useMint(shareSupply);
  const derivativeGrants = useDerivativeGrants(address);

  const [about, setAbout] = useState<About>({ kind: "Work", title: "", description: "", tags: "", royaltyPct: "5" });
  const [chosen, setChosen] = useState<Set<bigint>>(() => new Set(presets.slice(0, 1).map((p) => p.termsId)));
  const [custom, setCustom] = useState(false);
  const [draft, setDraft] = useState<TermsDraft>(defaultDraft);
  const [parents, setParents] = useState<Set<bigint>>(() => new Set());
  const [offer, setOffer] = useState<ShareOffer>({ withShares: true, sharesOffered: "100000", sharePrice: "0.001" });
  const customTerms = useMemo(
    () => (custom ? draftToTerms(draft, currency.superToken, currency.decimals) : null),
    [custom, draft, currency],
  );

  const onFile = async (file: File) => {
    reset();
    if (!about.title) setAbout((a) => ({ ...a, title: file.name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ") }));
    const unreadable = await pick(file);
    if (unreadable) setProblem(unreadable);
  };

  const submit = () =>
    mint({
      ...about,
      ...offer,
      file: picked?.file,
      identity: picked?.identity,
      existing: picked?.existing,
      presetIds: [...chosen],
      customTerms,
      parentLicenseIds: [...parents],
    });

  const shownSteps = mintSteps({
    customTerms: custom,
    withShares: offer.withShares,
    offersShares: offer.sharesOffered.trim() !== "0",
  });

  return (
    <form
      className="mint"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FileSection picked={picked} onFile={(f) => void onFile(f)} disabled={busy} />
      <AboutSection about={about} onChange={(change) => setAbout((a) => ({ ...a, ...change }))} />
      <ParentsSection grants={derivativeGrants.data ?? []} parents={parents} onChange={setParents} />
      <OffersSection
        presets={presets}
        chosen={chosen}
        onChosen={setChosen}
        custom={custom}
        onCustom={setCustom}
        draft={draft}
        onDraft={setDraft}
        money={money}
        superToken={currency.superToken}
      />
      <SharesSection
        offer={offer}
        onChange={(change) => setOffer((o) => ({ ...o, ...change }))}
        shareSupply={shareSupply}
        symbol={currency.superTokenSymbol}
      />
      <section className="card" aria-labelledby="mint-heading">
        <h2 id="mint-heading">5. Register</h2>
        <button type="submit" disabled={busy || !picked?.identity}>
          Register and mint the IP-NFT
        </button>
        <MintProgress shown={shownSteps} steps={steps} />
        {notice ? (
          <p role="status" data-testid="mint-likeness">
            {notice}
          </p>
        ) : null}
        <Problem>{problem}</Problem>
        <TxStatus state={txState} />
      </section>
    </form>
  );
}
