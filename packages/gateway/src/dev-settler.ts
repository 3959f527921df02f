import { type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/**
 * The settlement key `npm run dev` and the browser journeys give the gateway on the local chain (31337): an account
 * of the local node's well-known development mnemonic (Hardhat's default, public, funded with test ether at genesis),
 * one no script or seed acts as, so its nonces are the gateway's alone. Never a key for any other chain: the gateway
 * refuses to settle elsewhere without its own `GATEWAY_PRIVATE_KEY`.
 */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const DEV_SETTLER_INDEX = 19;

export function devSettlementKey(): Hex {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: DEV_SETTLER_INDEX }).getHdKey().privateKey;
  if (!key) throw new Error("could not derive the local chain's settlement key");
  return toHex(key);
}
