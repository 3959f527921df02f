"use client";
import type { Terms } from "@ipnft/protocol/terms";
import {
  accountLicenses,
  derivativeGrants,
  hasAccess,
  licenseeFlowRate,
  licenseGrants,
  licensePurchases,
  termsOf,
  unpaidUnits,
  usageOf,
  usagePaid,
} from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import { REFRESH_MS, useChainRead } from "../useChainRead";

export interface LicenseRow {
  licenseId: bigint;
  ipId: bigint;
  termsId: bigint;
  terms: Terms;
  start: number;
  expiry: number;
  trainingNow: boolean;
  flowRate: bigint;
  fee: bigint;
  usagePaid: bigint;
  unitsReported: bigint;
  unitsPaid: bigint;
  unpaidUnits: bigint;
}

/** Every license the account holds, with what it grants now, its stream, metered usage and what it cost. */
export function useMyLicenses(account: Address | undefined) {
  return useChainRead(
    ["my-licenses", account],
    Boolean(account) &&
      (async (client, deployment): Promise<LicenseRow[]> => {
        const metered = Boolean(deployment.contracts.UsageMeter);
        const streamed = Boolean(deployment.contracts.RoyaltyPools);
        const held = await accountLicenses(client, deployment, account!);
        return Promise.all(
          held.map(async (license) => {
            const { licenseId, ipId, termsId } = license;
            const [terms, trainingNow, purchase, flowRate, usage, unpaid, paid] = await Promise.all([
              termsOf(client, deployment, termsId),
              licenseGrants(client, deployment, licenseId, "training"),
              licensePurchases(client, deployment, { licenseId }),
              streamed ? licenseeFlowRate(client, deployment, ipId, account!) : 0n,
              metered ? usageOf(client, deployment, licenseId, account!) : { reported: 0n, paid: 0n },
              metered ? unpaidUnits(client, deployment, licenseId, account!) : 0n,
              metered ? usagePaid(client, deployment, licenseId) : 0n,
            ]);
            return {
              ...license,
              terms,
              trainingNow,
              flowRate,
              fee: purchase[0]?.fee ?? 0n,
              usagePaid: paid,
              unitsReported: usage.reported,
              unitsPaid: usage.paid,
              unpaidUnits: unpaid,
            };
          }),
        );
      }),
    { refetchInterval: REFRESH_MS },
  );
}

/** The licenses the account holds that let it register a derivative now, with the parent and the royalty owed. */
export function useDerivativeGrants(account: Address | undefined) {
  return useChainRead(
    ["derivative-licenses", account],
    Boolean(account) && ((client, deployment) => derivativeGrants(client, deployment, account!)),
  );
}

/** The account's stream into an IP's pool and whether it may train on the IP now. */
export function useStreamState(ipId: bigint, account: Address | undefined) {
  return useChainRead(
    ["stream-state", ipId.toString(), account],
    Boolean(account) &&
      (async (client, deployment) => {
        const [flowRate, access] = await Promise.all([
          deployment.contracts.RoyaltyPools ? licenseeFlowRate(client, deployment, ipId, account!) : 0n,
          hasAccess(client, deployment, ipId, account!, "training"),
        ]);
        return { flowRate, access };
      }),
    { refetchInterval: REFRESH_MS },
  );
}
