"use server";
import { type Address, isAddress } from "viem";
import { loadDeployment } from "@/lib/deployment.server";
import { chainClient } from "@/lib/works.server";
import { datasetIncomeOfCreator, type MemberIncome } from "./datasets";

/** The dataset income of every work `account` created, at chain time `now`: the creator dashboard's figure. */
export async function readCreatorDatasetIncome(account: string): Promise<{ rows: MemberIncome[]; now: bigint }> {
  if (!isAddress(account, { strict: false })) throw new Error("That is not an account address.");
  const lookup = await loadDeployment();
  const block =
    "deployment" in lookup
      ? await chainClient(lookup.deployment)
          .getBlock()
          .catch(() => undefined)
      : undefined;
  const now = block?.timestamp ?? BigInt(Math.floor(Date.now() / 1000));
  return { rows: await datasetIncomeOfCreator(account as Address, now), now };
}
