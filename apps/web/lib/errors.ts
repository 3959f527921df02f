import {
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  UserRejectedRequestError,
} from "viem";

/** Sentences for the custom errors a user meets most; any other error name is turned into words. */
const knownErrors: Record<string, string> = {
  ERC20InsufficientBalance: "Your balance is too low for this.",
  ERC20InsufficientAllowance: "The contract is not yet allowed to spend that much of your tokens.",
  FaucetInvalidRecipient: "The faucet needs a recipient address.",
  // IP registry
  IPRegistryAlreadyRegistered: "These exact bytes are already registered: a file has one birth certificate.",
  IPRegistryEmptyContentHash: "The file has no content hash.",
  IPRegistryUnsupportedCid: "The CID is not a CIDv1 with a SHA-256 hash.",
  IPRegistryRoyaltyTooHigh: "The resale royalty is above the highest one allowed.",
  IPRegistryTooManyParents: "A derivative may name only a few parents.",
  IPRegistryNoDerivativeLicense: "You need a license that allows derivatives from each parent work.",
  IPRegistryDuplicateParent: "The same parent work is named twice.",
  IPRegistryParentRoyaltiesTooHigh: "The royalties owed to the parent works add up to more than everything.",
  // License terms
  LicenseTermsGrantNoUse: "The terms must allow at least one use: AI training, commercial use or derivatives.",
  LicenseTermsRoyaltyWithoutDerivatives: "A derivative royalty only makes sense when derivatives are allowed.",
  LicenseTermsRoyaltyTooHigh: "The derivative royalty is higher than a parent may claim.",
  LicenseTermsNegativeStreamRate: "The stream rate cannot be negative.",
  LicenseTermsUsageLimitWithoutPrice: "Set a price per file before limiting unpaid usage.",
  LicenseTermsUnsupportedCurrency: "Licenses are paid in the app's SuperToken only.",
  LicenseTermsMissingLegalText: "The terms need a legal text.",
  // Licenses
  LicenseTokenNotIPOwner: "Only the owner of this work can do that.",
  LicenseTokenSalesStopped: "The owner has stopped selling licenses under these terms.",
  LicenseTokenCapReached: "No licenses left: the license cap for these terms is reached.",
  LicenseTokenFeeAboveMax: "The price changed and is now above what you agreed to pay.",
  LicenseTokenNotTransferable: "This license cannot be passed on: its terms say it stays with its buyer.",
  LicenseTokenHolderFull: "You already hold as many licenses of this work as one account may.",
  LicenseTokenTermsNotAttached: "These terms are not offered for this work.",
  LicenseTokenTermsAlreadyAttached: "These terms are already offered for this work.",
  DisputesIPDisputed: "This work is disputed: new licenses, derivatives and share sales are paused until a ruling.",
  DisputesIPFlagged: "This work was flagged when a dispute against it was upheld: it sells nothing new.",
  DisputesAlreadyDisputed: "This work already has an open dispute: one at a time.",
  DisputesIPInRespite: "A dispute on this work just expired unruled: it cannot be disputed again for a few days.",
  DisputesSelfDispute: "You own this work: you cannot dispute it.",
  DisputesNotArbiter: "Only the arbiter can rule on disputes.",
  DisputesNotOpen: "This dispute is already closed.",
  DisputesRulingWindowClosed: "The time to rule on this dispute is over: anyone may now close it.",
  DisputesArbiterOwnsIP:
    "You own this work, so you cannot rule on its dispute: it ends when the ruling window closes, the bond back to " +
    "the disputer.",
  DisputesTooEarly: "The arbiter still has time to rule on this dispute.",
  DisputesEvidenceNotEarlier: "The earlier work must have been registered before this one.",
  DisputesInvalidEvidence: "The evidence needs a link, and a similarity between 0 and 100%.",
  DisputesUnknownIP: "No work is registered under that number.",
  // Superfluid
  SuperfluidErrors_InsufficientBalance:
    "Your balance of the currency is too low for this: wrap more on the Wallet page.",
  SF_TOKEN_MOVE_INSUFFICIENT_BALANCE: "Your SuperToken balance is too low for this.",
};

/** "LicenseCapReached" -> "License cap reached." */
export function errorNameToSentence(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

/**
 * Turns anything a wallet, the RPC or a contract throws into one plain sentence for the UI:
 * never a raw RPC message or a stack of viem details.
 */
export function explainError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    if (error.walk((e) => e instanceof ChainMismatchError))
      return "Your wallet is on the wrong network. Switch to the app's network and try again.";
    if (error.walk((e) => e instanceof InsufficientFundsError))
      return "Your account has too little ETH to pay for gas.";
    const reverted = error.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError | null;
    const errorName = reverted?.data?.errorName;
    if (errorName) return knownErrors[errorName] ?? errorNameToSentence(errorName);
    if (reverted?.reason) return `The transaction was refused: ${reverted.reason}.`;
    if (error.walk((e) => e instanceof HttpRequestError))
      return "The chain is not answering. Is the local node (`npm run dev`) running?";
    const notAnswering = error.walk((e) => /not answering/.test((e as Error).message));
    if (notAnswering) return (notAnswering as Error).message.split("\n")[0];
    return error.shortMessage;
  }
  if (error && typeof error === "object" && (error as { code?: unknown }).code === 4001)
    return "You rejected the request in your wallet.";
  if (error instanceof Error) return error.message.split("\n")[0];
  return "Something went wrong.";
}
