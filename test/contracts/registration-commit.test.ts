/**
 * Registration cannot be front-run: a creator commits to `keccak256(abi.encode(contentHash, creator, salt))`, then
 * reveals the registration and the salt in a later block. A copied reveal is worthless to anyone else, and whoever
 * sees a reveal in the mempool cannot commit and reveal before it, because a commitment and its reveal cannot share
 * a block. The mempool cases run with automine off and the attacker paying a higher priority fee, so the block
 * holds the attacker's transactions first, exactly as a front-runner would order them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { iPRegistryAbi } from "@ipnft/protocol/abis";
import type { Hex } from "viem";
import { decodeErrorResult, getAddress, parseGwei } from "viem";
import { deployedChain } from "../helpers/chain";
import {
  addresses,
  type Chain,
  commitRegistration,
  eventArgs,
  newSalt,
  register,
  registrationCommitment,
  type Wallet,
} from "../helpers/protocol";

const DAY = 24n * 3600n;

describe("IPRegistry: registration is a commit–reveal, so it cannot be front-run", () => {
  let chain: Chain;
  let registry: Awaited<ReturnType<Chain["viem"]["getContractAt"]>>;
  let test: Awaited<ReturnType<Chain["viem"]["getTestClient"]>>;
  before(async () => {
    chain = await deployedChain();
    registry = await chain.viem.getContractAt("IPRegistry", addresses(chain).registry);
    test = await chain.viem.getTestClient();
  });
  after(async () => {
    await test.setAutomine(true);
  });
  const artist = () => chain.wallets[1];
  const attacker = () => chain.wallets[2];

  const send = (
    wallet: Wallet,
    functionName: "commitRegistration" | "register",
    args: readonly unknown[],
    tip = parseGwei("1"),
  ) =>
    wallet.writeContract({
      address: addresses(chain).registry,
      abi: iPRegistryAbi,
      functionName,
      args: args as never,
      gas: 1_000_000n, // no estimate: with automine off it would run against a block that does not exist yet
      maxPriorityFeePerGas: tip,
      maxFeePerGas: parseGwei("100"),
    });
  const receipt = (hash: Hex) => chain.publicClient.waitForTransactionReceipt({ hash });
  /** The custom error a mined transaction reverted with, read from its replay. */
  const revertOf = async (hash: Hex) => {
    const trace = (await chain.publicClient.request({
      method: "debug_traceTransaction" as never,
      params: [hash, { disableStorage: true, disableMemory: true, disableStack: true }] as never,
    })) as { failed: boolean; returnValue: string };
    assert.equal(trace.failed, true, "the transaction reverted");
    const data = (trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`) as Hex;
    return decodeErrorResult({ abi: iPRegistryAbi, data });
  };
  const ownerOf = async (ipId: bigint) => getAddress((await registry.read.ownerOf([ipId])) as string);

  it("registrationCommitment is keccak256(abi.encode(contentHash, creator, salt)), as the app computes it", async () => {
    const { registration: r } = await commitRegistration(chain, artist());
    const salt = newSalt();
    assert.equal(
      await registry.read.registrationCommitment([r.contentHash, artist().account.address, salt]),
      registrationCommitment(r.contentHash, artist().account.address, salt),
    );
  });

  it("a creator commits, reveals in a later block and owns the work; both steps are events and the commitment is used up", async () => {
    const { ipId, receipt: reveal, commitReceipt, registration: r, salt } = await register(chain, artist());
    const commitment = registrationCommitment(r.contentHash, artist().account.address, salt);
    const [committed] = eventArgs(commitReceipt.logs, iPRegistryAbi, "RegistrationCommitted");
    assert.deepEqual(
      [getAddress(committed.creator as string), committed.commitment],
      [getAddress(artist().account.address), commitment],
    );
    const [revealed] = eventArgs(reveal.logs, iPRegistryAbi, "RegistrationRevealed");
    assert.deepEqual(
      [getAddress(revealed.creator as string), revealed.commitment, revealed.ipId],
      [getAddress(artist().account.address), commitment, ipId],
    );
    assert.ok(reveal.blockNumber > commitReceipt.blockNumber);
    assert.equal(await ownerOf(ipId), getAddress(artist().account.address));
    assert.deepEqual(await registry.read.commitmentOf([artist().account.address, commitment]), [0n, 0n], "used up");
  });

  it("commitmentOf tells the block and time a commitment was made", async () => {
    const { commitment, receipt: committed } = await commitRegistration(chain, artist());
    const block = await chain.publicClient.getBlock({ blockNumber: committed.blockNumber });
    assert.deepEqual(await registry.read.commitmentOf([artist().account.address, commitment]), [
      block.number,
      block.timestamp,
    ]);
  });

  it("a reveal without a commitment reverts with IPRegistryNoCommitment", async () => {
    const { registration: r } = await commitRegistration(chain, artist());
    const salt = newSalt(); // not the salt committed to
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.register([r, salt], { account: artist().account }),
      registry,
      "IPRegistryNoCommitment",
      [registrationCommitment(r.contentHash, artist().account.address, salt), getAddress(artist().account.address)],
    );
  });

  it("a commitment registers once: revealing it again reverts with IPRegistryNoCommitment", async () => {
    const { registration: r, salt } = await register(chain, artist());
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.register([r, salt], { account: artist().account }),
      registry,
      "IPRegistryNoCommitment",
      [registrationCommitment(r.contentHash, artist().account.address, salt), getAddress(artist().account.address)],
    );
  });

  it("the artist's reveal calldata copied and sent from another account reverts with IPRegistryNoCommitment", async () => {
    const { registration: r, salt } = await commitRegistration(chain, artist());
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.register([r, salt], { account: attacker().account }),
      registry,
      "IPRegistryNoCommitment",
      [registrationCommitment(r.contentHash, attacker().account.address, salt), getAddress(attacker().account.address)],
    );
  });

  it("a copied reveal placed before the artist's in the same block fails, and the artist's reveal still registers the work to the artist", async () => {
    const { registration: r, salt } = await commitRegistration(chain, artist());
    await test.setAutomine(false);
    const artistReveal = await send(artist(), "register", [r, salt]);
    const copied = await send(attacker(), "register", [r, salt], parseGwei("50"));
    await test.mine({ blocks: 1 });
    await test.setAutomine(true);
    const [copyReceipt, artistReceipt] = [await receipt(copied), await receipt(artistReveal)];
    assert.equal(copyReceipt.blockNumber, artistReceipt.blockNumber);
    assert.ok(copyReceipt.transactionIndex < artistReceipt.transactionIndex, "the copy ran first");
    assert.equal(copyReceipt.status, "reverted");
    assert.equal((await revertOf(copied)).errorName, "IPRegistryNoCommitment");
    assert.equal(artistReceipt.status, "success");
    const ipId = eventArgs(artistReceipt.logs, iPRegistryAbi, "IPRegistered")[0].ipId as bigint;
    assert.equal(await ownerOf(ipId), getAddress(artist().account.address));
    assert.equal(getAddress((await registry.read.creatorOf([ipId])) as string), getAddress(artist().account.address));
  });

  it("an attacker who sees the reveal in the mempool and commits and reveals ahead of it in the same block fails with IPRegistryCommitmentTooRecent", async () => {
    const { registration: r, salt } = await commitRegistration(chain, artist());
    await test.setAutomine(false);
    const artistReveal = await send(artist(), "register", [r, salt]);
    // the attacker read the content hash from the pending reveal and front-runs it with a commit of its own
    const attackerSalt = newSalt();
    const attackerCommit = await send(
      attacker(),
      "commitRegistration",
      [registrationCommitment(r.contentHash, attacker().account.address, attackerSalt)],
      parseGwei("50"),
    );
    const attackerReveal = await send(attacker(), "register", [r, attackerSalt], parseGwei("50"));
    await test.mine({ blocks: 1 });
    await test.setAutomine(true);
    const commitReceipt = await receipt(attackerCommit);
    const [attackerReceipt, artistReceipt] = [await receipt(attackerReveal), await receipt(artistReveal)];
    assert.equal(commitReceipt.status, "success");
    assert.equal(attackerReceipt.blockNumber, commitReceipt.blockNumber);
    assert.ok(attackerReceipt.transactionIndex < artistReceipt.transactionIndex, "the attacker's reveal ran first");
    assert.equal(attackerReceipt.status, "reverted");
    const error = await revertOf(attackerReveal);
    assert.equal(error.errorName, "IPRegistryCommitmentTooRecent");
    assert.deepEqual(error.args, [
      registrationCommitment(r.contentHash, attacker().account.address, attackerSalt),
      commitReceipt.blockNumber,
    ]);
    assert.equal(artistReceipt.status, "success");
    assert.equal(
      await ownerOf(eventArgs(artistReceipt.logs, iPRegistryAbi, "IPRegistered")[0].ipId as bigint),
      getAddress(artist().account.address),
    );
  });

  it("a commitment revealed in its own block reverts with IPRegistryCommitmentTooRecent, even for its creator", async () => {
    const { registration: r } = await commitRegistration(chain, artist()); // only to draw a registration
    const salt = newSalt();
    await test.setAutomine(false);
    const commit = await send(artist(), "commitRegistration", [
      registrationCommitment(r.contentHash, artist().account.address, salt),
    ]);
    const reveal = await send(artist(), "register", [r, salt]);
    await test.mine({ blocks: 1 });
    await test.setAutomine(true);
    assert.equal((await receipt(commit)).status, "success");
    assert.equal((await receipt(reveal)).status, "reverted");
    assert.equal((await revertOf(reveal)).errorName, "IPRegistryCommitmentTooRecent");
    // the commitment stands, and a reveal in a later block succeeds
    const later = await receipt(await registry.write.register([r, salt], { account: artist().account }));
    assert.equal(later.status, "success");
  });

  it("a reveal one day or more after the commitment reverts with IPRegistryCommitmentExpired", async () => {
    const { registration: r, salt, commitment, receipt: committed } = await commitRegistration(chain, artist());
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: committed.blockNumber });
    await test.setNextBlockTimestamp({ timestamp: timestamp + DAY });
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.register([r, salt], { account: artist().account }),
      registry,
      "IPRegistryCommitmentExpired",
      [commitment, timestamp + DAY],
    );
  });

  it("a reveal one second before the day is out still registers", async () => {
    const { registration: r, salt, receipt: committed } = await commitRegistration(chain, artist());
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: committed.blockNumber });
    await test.setNextBlockTimestamp({ timestamp: timestamp + DAY - 1n });
    const revealed = await receipt(await registry.write.register([r, salt], { account: artist().account }));
    assert.equal(revealed.status, "success");
  });

  it("committing the same commitment again restarts its day", async () => {
    const { registration: r, salt, commitment, receipt: first } = await commitRegistration(chain, artist());
    const { timestamp } = await chain.publicClient.getBlock({ blockNumber: first.blockNumber });
    await test.setNextBlockTimestamp({ timestamp: timestamp + DAY - 10n });
    await receipt(await registry.write.commitRegistration([commitment], { account: artist().account }));
    await test.setNextBlockTimestamp({ timestamp: timestamp + DAY + 10n });
    const revealed = await receipt(await registry.write.register([r, salt], { account: artist().account }));
    assert.equal(revealed.status, "success");
  });

  it("another account committing the same commitment neither refreshes nor spends the creator's", async () => {
    const { registration: r, salt, commitment, receipt: committed } = await commitRegistration(chain, artist());
    await receipt(await registry.write.commitRegistration([commitment], { account: attacker().account }));
    const block = await chain.publicClient.getBlock({ blockNumber: committed.blockNumber });
    assert.deepEqual(await registry.read.commitmentOf([artist().account.address, commitment]), [
      block.number,
      block.timestamp,
    ]);
    const revealed = await receipt(await registry.write.register([r, salt], { account: artist().account }));
    assert.equal(revealed.status, "success");
  });
});
