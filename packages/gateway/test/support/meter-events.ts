import { usageMeterAbi } from "@ipnft/protocol/abis";
import type { Deployment } from "@ipnft/protocol/deployment";
import type { Address, PublicClient } from "viem";

/**
 * What the chain says the UsageMeter did for one licensee under one license since `fromBlock`: the cumulative
 * counters it recorded (`UsageReported`, in order), the receipts it skipped (`SettleSkipped`: a resend shows up
 * here), and what it collected (`UsagePaid`: units and amount).
 */
export async function settlementEvents(
  client: PublicClient,
  deployment: Pick<Deployment, "contracts">,
  fromBlock: bigint,
  licenseId: bigint,
  licensee: Address,
) {
  const address = deployment.contracts.UsageMeter as Address;
  const read = (eventName: "UsageReported" | "SettleSkipped" | "UsagePaid") =>
    client.getContractEvents({
      address,
      abi: usageMeterAbi,
      eventName,
      args: { licenseId, licensee },
      fromBlock,
    } as never);
  const [reported, skipped, paid] = await Promise.all([
    read("UsageReported"),
    read("SettleSkipped"),
    read("UsagePaid"),
  ]);
  return {
    reported: (reported as Array<{ args: unknown }>).map((e) =>
      BigInt((e.args as { cumulativeUnits: bigint }).cumulativeUnits),
    ),
    skipped: (skipped as Array<{ args: unknown }>).map((e) => e.args as { cumulativeUnits: bigint; reason: number }),
    paid: (paid as Array<{ args: unknown }>).reduce(
      (sum, e) => {
        const { units, amount } = e.args as { units: bigint; amount: bigint };
        return { units: sum.units + BigInt(units), amount: sum.amount + amount };
      },
      { units: 0n, amount: 0n },
    ),
  };
}
