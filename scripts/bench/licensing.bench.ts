/**
 * Issue 3 benchmark: gas of registering IPs, attaching terms, buying licenses and registering derivatives,
 * on an in-process chain with the real Superfluid framework and our contracts deployed as `npm run dev` does,
 * beside Story Protocol's published medians. Target: each of ours at most half of Story's.
 */
import { parseEther } from "viem";
import { superTokenAbi } from "../../apps/web/generated/abis.js";
import { deployedChain } from "../../test/helpers/chain.js";
import {
  Preset,
  approveSuperToken,
  attachTerms,
  buyLicense,
  fundSuperToken,
  register,
} from "../../test/helpers/protocol.js";

interface Row {
  operation: string;
  ours: bigint;
  story?: number;
  storyCall?: string;
}

export async function run(): Promise<void> {
  const chain = await deployedChain();
  const [, artist, buyer, remixer] = chain.wallets;
  await fundSuperToken(chain, buyer);
  await fundSuperToken(chain, remixer);
  const rows: Row[] = [];

  const first = await register(chain, artist);
  rows.push({ operation: "register (a creator's first IP)", ours: first.receipt.gasUsed });
  const next = await register(chain, artist);
  rows.push({ operation: "register (a creator's next IP)", ours: next.receipt.gasUsed });

  const withTerms = await register(chain, artist, { termsIds: [Preset.CommercialRemix] });
  rows.push({
    operation: "register + attach terms (one tx)",
    ours: withTerms.receipt.gasUsed,
    story: 673_000,
    storyCall: "mintAndRegisterIpAndAttachPILTerms",
  });
  const attach = await attachTerms(chain, artist, next.ipId, Preset.AiTrainingFlatFee);
  rows.push({ operation: "attach terms", ours: attach.gasUsed, story: 155_000, storyCall: "attachLicenseTerms" });

  const bought = await buyLicense(chain, buyer, withTerms.ipId, Preset.CommercialRemix);
  rows.push({ operation: "buy license (first of the buyer)", ours: bought.receipt.gasUsed, story: 418_000, storyCall: "mintLicenseTokens" });
  const again = await buyLicense(chain, buyer, next.ipId, Preset.AiTrainingFlatFee);
  rows.push({ operation: "buy license (another IP)", ours: again.receipt.gasUsed, story: 418_000, storyCall: "mintLicenseTokens" });

  // What the payment alone costs: the same SuperToken transferFrom, outside our contracts.
  await approveSuperToken(chain, buyer, remixer.account.address);
  const transferFrom = await remixer.writeContract({
    address: chain.deployment.currency.superToken,
    abi: superTokenAbi,
    functionName: "transferFrom",
    args: [buyer.account.address, artist.account.address, parseEther("25")],
  });
  const paymentGas = (await chain.publicClient.waitForTransactionReceipt({ hash: transferFrom })).gasUsed;
  rows.push({ operation: "  of which: the SuperToken transferFrom alone (own tx)", ours: paymentGas });
  rows.push({ operation: "  buy license (another IP) minus the payment, approx.", ours: again.receipt.gasUsed - paymentGas + 21_000n });

  const { licenseId } = await buyLicense(chain, remixer, withTerms.ipId, Preset.CommercialRemix);
  const derivative = await register(chain, remixer, { parentLicenseIds: [licenseId] });
  rows.push({
    operation: "register derivative, 1 parent (creator's first IP)",
    ours: derivative.receipt.gasUsed,
    story: 383_000,
    storyCall: "registerDerivative",
  });
  const { licenseId: second } = await buyLicense(chain, remixer, withTerms.ipId, Preset.CommercialRemix);
  const derivative2 = await register(chain, remixer, { parentLicenseIds: [second] });
  rows.push({
    operation: "register derivative, 1 parent (creator's next IP)",
    ours: derivative2.receipt.gasUsed,
    story: 383_000,
    storyCall: "registerDerivative",
  });

  console.table(
    rows.map((r) => ({
      operation: r.operation,
      "our gas": Number(r.ours),
      "Story median": r.story ?? "",
      "ours / Story": r.story ? `${((Number(r.ours) / r.story) * 100).toFixed(0)}%` : "",
      "target (≤ half)": r.story ? (Number(r.ours) * 2 <= r.story ? "met" : "MISSED") : "",
      "Story call": r.storyCall ?? "",
    })),
  );
  await chain.connection.close();
}
