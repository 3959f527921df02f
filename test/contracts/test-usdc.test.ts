/**
 * The local chain's USDC-shaped test stablecoin (contracts/dev/TestUSDC.sol), treated as a real token: 6 decimals,
 * EIP-712 version "2", and EIP-3009 authorizations by ECDSA and ERC-1271 signers (what x402 payments rely on).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { testUSDCAbi } from "@ipnft/protocol/abis";
import { network } from "hardhat";
import type { Address, Hex } from "viem";
import { getAddress, getContract, keccak256, parseSignature, parseUnits, toHex } from "viem";

const transferTypes = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;
const receiveTypes = { ReceiveWithAuthorization: transferTypes.TransferWithAuthorization } as const;
const cancelTypes = {
  CancelAuthorization: [
    { name: "authorizer", type: "address" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

let nonceCounter = 0;
const newNonce = (): Hex => keccak256(toHex(`authorization ${++nonceCounter} ${Math.random()}`));

describe("TestUSDC: a USDC-shaped test stablecoin with EIP-3009 authorizations", async () => {
  const { viem, networkHelpers } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, alice, bob, relayer] = await viem.getWalletClients();
  const deployed = await viem.deployContract("TestUSDC", [
    "Test USD Coin",
    "tUSDC",
    deployer.account.address,
    parseUnits("1000000", 6),
  ]);
  const token = getContract({
    address: deployed.address,
    abi: testUSDCAbi,
    client: { public: publicClient, wallet: deployer },
  });
  const chainId = await publicClient.getChainId();
  const domain = { name: "Test USD Coin", version: "2", chainId, verifyingContract: token.address } as const;

  before(async () => {
    await token.write.transfer([alice.account.address, parseUnits("1000", 6)]);
  });

  const now = async () => BigInt(await networkHelpers.time.latest());
  type Authorization = {
    from: Address;
    to: Address;
    value: bigint;
    validAfter: bigint;
    validBefore: bigint;
    nonce: Hex;
  };
  async function authorization(overrides: Partial<Authorization> = {}): Promise<Authorization> {
    return {
      from: alice.account.address,
      to: bob.account.address,
      value: parseUnits("12.5", 6),
      validAfter: 0n,
      validBefore: (await now()) + 3600n,
      nonce: newNonce(),
      ...overrides,
    };
  }
  const signTransfer = (signer: typeof alice, message: Authorization, types = transferTypes) =>
    signer.signTypedData({
      account: signer.account,
      domain,
      types,
      primaryType: Object.keys(types)[0] as "TransferWithAuthorization",
      message,
    });
  const args = (a: Authorization) => [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce] as const;
  const balance = (account: Address) => token.read.balanceOf([account]);

  it("looks like USDC where x402 and Superfluid look: 6 decimals, EIP-712 domain 'Test USD Coin' version 2", async () => {
    assert.equal(await token.read.decimals(), 6);
    assert.equal(await token.read.version(), "2");
    assert.equal(await token.read.symbol(), "tUSDC");
    const [, name, version, chainId, verifyingContract] = await token.read.eip712Domain();
    assert.deepEqual(
      [name, version, Number(chainId), getAddress(verifyingContract)],
      [domain.name, "2", domain.chainId, getAddress(token.address)],
    );
  });

  it("has USDC's EIP-3009 typehashes", async () => {
    assert.equal(
      await token.read.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(),
      "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267",
    );
    assert.equal(
      await token.read.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
      "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
    );
    assert.equal(
      await token.read.CANCEL_AUTHORIZATION_TYPEHASH(),
      "0x158b0a9edf7a828aad02f63cd515c68ef2f50ba807396f6d12842833a1597429",
    );
  });

  it("moves the signed value when anyone relays an EOA's transfer authorization, and marks the nonce used", async () => {
    const auth = await authorization();
    const signature = await signTransfer(alice, auth);
    const [aliceBefore, bobBefore] = [await balance(alice.account.address), await balance(bob.account.address)];
    const hash = await token.write.transferWithAuthorization([...args(auth), signature], { account: relayer.account });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(aliceBefore - (await balance(alice.account.address)), auth.value);
    assert.equal((await balance(bob.account.address)) - bobBefore, auth.value);
    assert.equal(await token.read.authorizationState([auth.from, auth.nonce]), true);
    const events = await token.getEvents.AuthorizationUsed({}, { blockHash: receipt.blockHash });
    assert.deepEqual(
      events.map((e) => [getAddress(e.args.authorizer!), e.args.nonce]),
      [[getAddress(auth.from), auth.nonce]],
    );
  });

  it("accepts the signature split as (v, r, s), as the x402 facilitator sends it", async () => {
    const auth = await authorization();
    const { v, r, s } = parseSignature(await signTransfer(alice, auth));
    const before = await balance(bob.account.address);
    await token.write.transferWithAuthorization([...args(auth), Number(v), r, s], { account: relayer.account });
    assert.equal((await balance(bob.account.address)) - before, auth.value);
  });

  it("refuses a replay of a used authorization", async () => {
    const auth = await authorization();
    const signature = await signTransfer(alice, auth);
    await token.write.transferWithAuthorization([...args(auth), signature], { account: relayer.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transferWithAuthorization([...args(auth), signature], { account: relayer.account }),
      token,
      "TestUSDCAuthorizationUsedOrCanceled",
      [getAddress(auth.from), auth.nonce],
    );
  });

  it("refuses an expired authorization and one not valid yet", async () => {
    const expired = await authorization({ validBefore: (await now()) - 1n });
    await viem.assertions.revertWithCustomError(
      token.write.transferWithAuthorization([...args(expired), await signTransfer(alice, expired)]),
      token,
      "TestUSDCAuthorizationExpired",
    );
    const early = await authorization({ validAfter: (await now()) + 600n });
    await viem.assertions.revertWithCustomError(
      token.write.transferWithAuthorization([...args(early), await signTransfer(alice, early)]),
      token,
      "TestUSDCAuthorizationNotYetValid",
    );
    await networkHelpers.time.increase(601);
    const before = await balance(bob.account.address);
    await token.write.transferWithAuthorization([...args(early), await signTransfer(alice, early)]);
    assert.equal((await balance(bob.account.address)) - before, early.value, "valid once its time has come");
  });

  it("refuses a signature by anyone but the payer, and an edited value", async () => {
    const auth = await authorization();
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transferWithAuthorization([...args(auth), await signTransfer(bob, auth)]),
      token,
      "TestUSDCInvalidSignature",
      [getAddress(auth.from)],
    );
    const signature = await signTransfer(alice, auth);
    await viem.assertions.revertWithCustomError(
      token.write.transferWithAuthorization([...args({ ...auth, value: auth.value + 1n }), signature]),
      token,
      "TestUSDCInvalidSignature",
    );
    assert.equal(await token.read.authorizationState([auth.from, auth.nonce]), false, "nothing was used");
  });

  it("refuses a transfer authorization submitted as a receive authorization (different typehash)", async () => {
    const auth = await authorization();
    await viem.assertions.revertWithCustomError(
      token.write.receiveWithAuthorization([...args(auth), await signTransfer(alice, auth)], { account: bob.account }),
      token,
      "TestUSDCInvalidSignature",
    );
  });

  it("lets only the payee submit a receive authorization", async () => {
    const auth = await authorization();
    const signature = await signTransfer(alice, auth, receiveTypes as never);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.receiveWithAuthorization([...args(auth), signature], { account: relayer.account }),
      token,
      "TestUSDCCallerNotPayee",
      [getAddress(relayer.account.address), getAddress(auth.to)],
    );
    const before = await balance(bob.account.address);
    await token.write.receiveWithAuthorization([...args(auth), signature], { account: bob.account });
    assert.equal((await balance(bob.account.address)) - before, auth.value);
  });

  it("cancels an unused authorization, which can then never be used", async () => {
    const auth = await authorization();
    const transferSignature = await signTransfer(alice, auth);
    const cancelSignature = await alice.signTypedData({
      account: alice.account,
      domain,
      types: cancelTypes,
      primaryType: "CancelAuthorization",
      message: { authorizer: auth.from, nonce: auth.nonce },
    });
    const hash = await token.write.cancelAuthorization([auth.from, auth.nonce, cancelSignature], {
      account: relayer.account,
    });
    const { blockHash } = await publicClient.waitForTransactionReceipt({ hash });
    assert.equal((await token.getEvents.AuthorizationCanceled({}, { blockHash })).length, 1);
    await viem.assertions.revertWithCustomError(
      token.write.transferWithAuthorization([...args(auth), transferSignature]),
      token,
      "TestUSDCAuthorizationUsedOrCanceled",
    );
    await viem.assertions.revertWithCustomError(
      token.write.cancelAuthorization([auth.from, auth.nonce, cancelSignature]),
      token,
      "TestUSDCAuthorizationUsedOrCanceled",
    );
  });

  it("refuses a cancellation not signed by the authorizer", async () => {
    const nonce = newNonce();
    const forged = await bob.signTypedData({
      account: bob.account,
      domain,
      types: cancelTypes,
      primaryType: "CancelAuthorization",
      message: { authorizer: alice.account.address, nonce },
    });
    await viem.assertions.revertWithCustomError(
      token.write.cancelAuthorization([alice.account.address, nonce, forged]),
      token,
      "TestUSDCInvalidSignature",
    );
  });

  it("takes an ERC-1271 contract wallet's signature, and refuses it when the wallet says no", async () => {
    const wallet = await viem.deployContract("ContractWallet", [alice.account.address]);
    await token.write.transfer([wallet.address, parseUnits("100", 6)]);
    const auth = await authorization({ from: wallet.address });
    const signature = await signTransfer(alice, auth); // the wallet answers for its owner's signature
    const before = await balance(bob.account.address);
    await token.write.transferWithAuthorization([...args(auth), signature], { account: relayer.account });
    assert.equal((await balance(bob.account.address)) - before, auth.value);

    await wallet.write.setMode([1], { account: alice.account }); // Refuses
    const refused = await authorization({ from: wallet.address });
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.transferWithAuthorization([...args(refused), await signTransfer(alice, refused)]),
      token,
      "TestUSDCInvalidSignature",
      [getAddress(wallet.address)],
    );
  });

  it("mints on the local chain up to the cap per call, never above it", async () => {
    const cap = await token.read.MINT_CAP();
    const before = await balance(bob.account.address);
    await token.write.mint([bob.account.address, cap], { account: bob.account });
    assert.equal((await balance(bob.account.address)) - before, cap);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.mint([bob.account.address, cap + 1n], { account: bob.account }),
      token,
      "TestUSDCMintCapExceeded",
      [cap + 1n, cap],
    );
  });
});

describe("TestUSDC on a chain other than 31337", async () => {
  const { viem } = await network.create({ override: { chainId: 84532 } });
  const [deployer] = await viem.getWalletClients();

  it("has only its constructor's supply: mint is refused", async () => {
    const deployed = await viem.deployContract("TestUSDC", ["Test USD Coin", "tUSDC", deployer.account.address, 5n]);
    const token = getContract({ address: deployed.address, abi: testUSDCAbi, client: deployer });
    assert.equal(await token.read.totalSupply(), 5n);
    await viem.assertions.revertWithCustomErrorWithArgs(
      token.write.mint([deployer.account.address, 1n]),
      token,
      "TestUSDCMintingUnavailable",
      [84532n],
    );
  });
});
