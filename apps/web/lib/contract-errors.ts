import { disputesAbi, iPRegistryAbi, licenseTermsAbi, licenseTokenAbi, superTokenAbi } from "@ipnft/protocol/abis";
import type { Abi } from "viem";

/**
 * Every custom error our contracts and the SuperToken can raise. A call into one contract can revert
 * with another's error (buying a license fails inside the SuperToken when the balance is short), so
 * the transactor decodes reverts against all of them, and the user reads the real reason.
 */
export const contractErrors: Abi = [
  ...iPRegistryAbi,
  ...licenseTermsAbi,
  ...licenseTokenAbi,
  ...disputesAbi,
  ...superTokenAbi,
].filter(
  (item, i, all) => item.type === "error" && all.findIndex((o) => o.type === "error" && o.name === item.name) === i,
);

/** The write's own ABI plus every error it may meet, without duplicate errors. */
export function withContractErrors(abi: Abi): Abi {
  const names = new Set(abi.filter((i) => i.type === "error").map((i) => (i as { name: string }).name));
  return [...abi, ...contractErrors.filter((e) => !names.has((e as { name: string }).name))];
}
