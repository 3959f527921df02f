import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import { bytesToHex, getAddress, parseEther, zeroHash } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  buyLicense,
  type Chain,
  cidBytes,
  commitRegistration,
  DAG_PB,
  eventArgs,
  fundSuperToken,
  Kind,
  newContent,
  Preset,
  type RegisterOptions,
  register,
  registerTerms,
  sha256,
  terms,
} from "../helpers/protocol";

describe("IPRegistry: IP-NFTs with a birth certificate", () => {
  let chain: Chain;
  let registry: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  before(async () => {
    chain = await deployedChain();
    registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
  });
  const artist = () => chain.wallets[1];
  const other = () => chain.wallets[2];
  /** Commits to `o` as `wallet`, then sends the reveal (the promise of `register`, for revert assertions). */
  const reveal = async (wallet: Chain["wallets"][number], o: RegisterOptions) => {
    const { registration: r, salt } = await commitRegistration(chain, wallet, o);
    return registry.write.register([r, salt], { account: wallet.account });
  };
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    chain.publicClient.readContract({
      address: addresses(chain).registry,
      abi: iPRegistryAbi,
      functionName,
      args,
    } as never) as Promise<T>;

  it("registering a work mints its IP-NFT to the creator and records hash, CIDs, creator and block time", async () => {
    const content = newContent();
    const { ipId, receipt } = await register(chain, artist(), { content, kind: Kind.Style, royaltyBps: 750 });
    const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    assert.equal(getAddress(await read<string>("ownerOf", [ipId])), getAddress(artist().account.address));
    const cert = await read<{
      creator: string;
      kind: number;
      birthTime: number;
      royaltyBps: number;
      contentHash: string;
      contentCid: string;
      metadataCid: string;
      c2paManifestHash: string;
      parents: unknown[];
    }>("certificate", [ipId]);
    assert.equal(getAddress(cert.creator), getAddress(artist().account.address));
    assert.equal(cert.kind, Kind.Style);
    assert.equal(BigInt(cert.birthTime), block.timestamp);
    assert.equal(cert.royaltyBps, 750);
    assert.equal(cert.contentHash, content.contentHash);
    assert.equal(cert.contentCid, content.contentCid);
    assert.equal(cert.metadataCid, content.metadataCid);
    assert.equal(cert.c2paManifestHash, zeroHash);
    assert.deepEqual(cert.parents, []);
  });

  it("the IPRegistered event carries the whole birth certificate, so provenance can be rebuilt from logs", async () => {
    const content = newContent();
    const c2pa = sha256("c2pa manifest");
    const { ipId, receipt } = await register(chain, artist(), { content, kind: Kind.Dataset, c2paManifestHash: c2pa });
    const [ev] = eventArgs(receipt.logs, iPRegistryAbi, "IPRegistered");
    assert.equal(ev.ipId, ipId);
    assert.equal(getAddress(ev.creator as string), getAddress(artist().account.address));
    assert.equal(ev.contentHash, content.contentHash);
    assert.equal(ev.kind, Kind.Dataset);
    assert.equal(ev.contentCid, content.contentCid);
    assert.equal(ev.metadataCid, content.metadataCid);
    assert.equal(ev.c2paManifestHash, c2pa);
    const transfers = eventArgs(receipt.logs, iPRegistryAbi, "Transfer");
    assert.equal(transfers.length, 1);
    assert.equal(transfers[0].tokenId, ipId);
  });

  it("stores an optional C2PA manifest hash and a multi-block (dag-pb) content CID whose digest differs from the hash", async () => {
    const content = newContent();
    const rootDigest = sha256("dag-pb root node");
    const c2pa = sha256("manifest");
    const r = { ...content, contentCid: cidBytes(rootDigest, DAG_PB) };
    const { ipId } = await register(chain, artist(), { content: r, c2paManifestHash: c2pa });
    const cert = await read<{ contentCid: string; c2paManifestHash: string }>("certificate", [ipId]);
    assert.equal(cert.contentCid, cidBytes(rootDigest, DAG_PB));
    assert.equal(cert.c2paManifestHash, c2pa);
  });

  it("looks up the IP id of a content hash, and 0 for an unregistered hash", async () => {
    const content = newContent();
    const { ipId } = await register(chain, artist(), { content });
    assert.equal(await read<bigint>("ipIdOfContentHash", [content.contentHash]), ipId);
    assert.equal(await read<bigint>("ipIdOfContentHash", [sha256("never registered")]), 0n);
  });

  it("a second registration of the same content hash reverts with IPRegistryAlreadyRegistered naming the first IP", async () => {
    const content = newContent();
    const { ipId } = await register(chain, artist(), { content });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      reveal(other(), { content }),
      registry,
      "IPRegistryAlreadyRegistered",
      [content.contentHash, ipId],
    );
  });

  it("a zero content hash reverts with IPRegistryEmptyContentHash", async () => {
    await chain.viem.assertions.revertWithCustomError(
      reveal(artist(), { content: { ...newContent(), contentHash: zeroHash } }),
      registry,
      "IPRegistryEmptyContentHash",
    );
  });

  it("a CID that is not a CIDv1 with a SHA-256 multihash reverts with IPRegistryUnsupportedCid", async () => {
    const content = newContent();
    const cidV0ish = `0x1220${content.contentHash.slice(2)}` as const;
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      reveal(artist(), { content: { ...content, contentCid: cidV0ish } }),
      registry,
      "IPRegistryUnsupportedCid",
      [cidV0ish],
    );
    for (const codec of ["00", "80"]) {
      // codec 0 is the identity codec; 0x80 and above would be a longer varint
      const badCodec = `0x01${codec}1220${content.contentHash.slice(2)}` as const;
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(artist(), { content: { ...newContent(), contentCid: badCodec } }),
        registry,
        "IPRegistryUnsupportedCid",
        [badCodec],
      );
    }
    const badMetadata = `0x0155${"1114"}${content.contentHash.slice(2)}` as const; // sha1 multihash code
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      reveal(artist(), { content: { ...newContent(), metadataCid: badMetadata } }),
      registry,
      "IPRegistryUnsupportedCid",
      [badMetadata],
    );
  });

  it("an ERC-2981 royalty above the cap reverts with IPRegistryRoyaltyTooHigh", async () => {
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      reveal(artist(), { royaltyBps: 5001 }),
      registry,
      "IPRegistryRoyaltyTooHigh",
      [5001, 5000],
    );
  });

  it("tokenURI is ipfs:// with the metadata CID in base32, as IPFS prints it", async () => {
    // "hello world\n" is the file `ipfs add --cid-version 1 --raw-leaves` turns into this well-known CID
    const digest = sha256("hello world\n");
    const content = {
      contentHash: sha256(`unique ${Math.random()}`),
      contentCid: cidBytes(digest),
      metadataCid: cidBytes(digest),
      metadataHash: digest,
    };
    const { ipId } = await register(chain, artist(), { content });
    assert.equal(
      await read<string>("tokenURI", [ipId]),
      "ipfs://bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
    );
  });

  it("ERC-2981 royaltyInfo pays the owner the registered share of a sale price", async () => {
    const { ipId } = await register(chain, artist(), { royaltyBps: 250 });
    const [receiver, amount] = await read<[string, bigint]>("royaltyInfo", [ipId, parseEther("200")]);
    assert.equal(getAddress(receiver), getAddress(artist().account.address));
    assert.equal(amount, parseEther("5"));
    assert.equal(await read<boolean>("supportsInterface", ["0x2a55205a"]), true);
  });

  it("transfers of the IP-NFT are ERC-721 Transfer events and move ownership, not the creator", async () => {
    const { ipId } = await register(chain, artist());
    await registry.write.transferFrom([artist().account.address, other().account.address, ipId], {
      account: artist().account,
    });
    assert.equal(getAddress(await read<string>("ownerOf", [ipId])), getAddress(other().account.address));
    assert.equal(getAddress(await read<string>("creatorOf", [ipId])), getAddress(artist().account.address));
  });

  it("terms listed at registration are attached in the same transaction", async () => {
    const { ipId, receipt } = await register(chain, artist(), {
      termsIds: [Preset.NoAiTraining, Preset.CommercialRemix],
    });
    const licenses = await chain.viem.getContractAt("LicenseToken", addresses(chain).licenses);
    assert.deepEqual(await licenses.read.attachedTerms([ipId]), [Preset.NoAiTraining, Preset.CommercialRemix]);
    assert.equal(receipt.logs.length >= 3, true);
  });

  it("certificate of an unknown IP reverts with ERC721NonexistentToken", async () => {
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      registry.read.certificate([999_999n]),
      registry,
      "ERC721NonexistentToken",
      [999_999n],
    );
  });

  describe("derivatives", () => {
    let parentA: bigint;
    let parentB: bigint;
    let remixer: Chain["wallets"][number];
    let licenseA: bigint;
    let licenseB: bigint;
    let royalty20: bigint;
    before(async () => {
      remixer = chain.wallets[3];
      await fundSuperToken(chain, remixer);
      ({ ipId: parentA } = await register(chain, artist(), {
        termsIds: [Preset.CommercialRemix, Preset.NoAiTraining],
      }));
      royalty20 = await registerTerms(
        chain,
        artist(),
        terms(chain, { derivativesAllowed: true, derivativeRoyaltyBps: 2000 }),
      );
      ({ ipId: parentB } = await register(chain, other(), { termsIds: [royalty20] }));
      ({ licenseId: licenseA } = await buyLicense(chain, remixer, parentA, Preset.CommercialRemix));
      ({ licenseId: licenseB } = await buyLicense(chain, remixer, parentB, royalty20));
    });

    it("a derivative registered with a license from each parent records its parents and the royalty owed to each", async () => {
      const { ipId, receipt } = await register(chain, remixer, { parentLicenseIds: [licenseA, licenseB] });
      const parents = await read<{ ipId: bigint; licenseId: bigint; royaltyBps: number }[]>("parentsOf", [ipId]);
      assert.deepEqual(
        parents.map((p) => [p.ipId, p.licenseId, p.royaltyBps]),
        [
          [parentA, licenseA, 1000],
          [parentB, licenseB, 2000],
        ],
      );
      const linked = eventArgs(receipt.logs, iPRegistryAbi, "ParentLinked");
      assert.deepEqual(
        linked.map((e) => [e.parentIpId, e.licenseId, e.royaltyBps]),
        [
          [parentA, licenseA, 1000],
          [parentB, licenseB, 2000],
        ],
      );
    });

    it("ownerAndParentCount gives the owner and the number of parents in one read", async () => {
      // a derivative license makes one derivative: licenseA and licenseB made theirs above
      const { licenseId: a } = await buyLicense(chain, remixer, parentA, Preset.CommercialRemix);
      const { licenseId: b } = await buyLicense(chain, remixer, parentB, royalty20);
      const { ipId } = await register(chain, remixer, { parentLicenseIds: [a, b] });
      assert.deepEqual(await read("ownerAndParentCount", [ipId]), [getAddress(remixer.account.address), 2n]);
      assert.deepEqual(await read("ownerAndParentCount", [parentA]), [getAddress(artist().account.address), 0n]);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        registry.read.ownerAndParentCount([999_999n]),
        registry,
        "ERC721NonexistentToken",
        [999_999n],
      );
    });

    it("parentCount is the number of a derivative's parents, 0 for an original", async () => {
      // a derivative license makes one derivative: fresh licenses for this one
      const { licenseId: a } = await buyLicense(chain, remixer, parentA, Preset.CommercialRemix);
      const { licenseId: b } = await buyLicense(chain, remixer, parentB, royalty20);
      const { ipId } = await register(chain, remixer, { parentLicenseIds: [a, b] });
      assert.equal(await read<bigint>("parentCount", [ipId]), 2n);
      assert.equal(await read<bigint>("parentCount", [parentA]), 0n);
    });

    it("registering a derivative with a license that does not allow derivatives reverts with IPRegistryNoDerivativeLicense", async () => {
      const { licenseId } = await buyLicense(chain, remixer, parentA, Preset.NoAiTraining);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(remixer, { parentLicenseIds: [licenseId] }),
        registry,
        "IPRegistryNoDerivativeLicense",
        [licenseId, getAddress(remixer.account.address)],
      );
    });

    it("registering a derivative with somebody else's license reverts with IPRegistryNoDerivativeLicense", async () => {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(other(), { parentLicenseIds: [licenseA] }),
        registry,
        "IPRegistryNoDerivativeLicense",
        [licenseA, getAddress(other().account.address)],
      );
    });

    it("naming the same parent twice reverts with IPRegistryDuplicateParent", async () => {
      const { licenseId: first } = await buyLicense(chain, remixer, parentA, Preset.CommercialRemix);
      const { licenseId: second } = await buyLicense(chain, remixer, parentA, Preset.CommercialRemix);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(remixer, { parentLicenseIds: [first, second] }),
        registry,
        "IPRegistryDuplicateParent",
        [parentA],
      );
    });

    it("more than eight parents revert with IPRegistryTooManyParents", async () => {
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(remixer, { parentLicenseIds: Array.from({ length: 9 }, (_, i) => BigInt(i + 1)) }),
        registry,
        "IPRegistryTooManyParents",
        [9n, 8n],
      );
    });

    it("parents owed together the whole income revert with IPRegistryParentRoyaltiesTooHigh", async () => {
      const heavy = await registerTerms(
        chain,
        artist(),
        terms(chain, { derivativesAllowed: true, derivativeRoyaltyBps: 5000 }),
      );
      const ids: bigint[] = [];
      for (const owner of [artist(), other()]) {
        const { ipId } = await register(chain, owner, { termsIds: [heavy] });
        ids.push((await buyLicense(chain, remixer, ipId, heavy)).licenseId);
      }
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(remixer, { parentLicenseIds: ids }),
        registry,
        "IPRegistryParentRoyaltiesTooHigh",
        [10000n],
      );
    });

    it("an expired derivative license no longer makes derivatives", async () => {
      const shortLived = await registerTerms(
        chain,
        artist(),
        terms(chain, { derivativesAllowed: true, duration: 3600 }),
      );
      const { ipId } = await register(chain, artist(), { termsIds: [shortLived] });
      const { licenseId } = await buyLicense(chain, remixer, ipId, shortLived);
      await chain.networkHelpers.time.increase(3600);
      await chain.viem.assertions.revertWithCustomErrorWithArgs(
        reveal(remixer, { parentLicenseIds: [licenseId] }),
        registry,
        "IPRegistryNoDerivativeLicense",
        [licenseId, getAddress(remixer.account.address)],
      );
    });
  });

  it("counts registered IPs", async () => {
    const before = await read<bigint>("ipCount", []);
    await register(chain, artist());
    assert.equal(await read<bigint>("ipCount", []), before + 1n);
    void bytesToHex;
  });
});
