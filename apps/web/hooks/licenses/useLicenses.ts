"use client";
import {
  type DerivativeGrant,
  hasAccess,
  licenseeFlowRate,
  licenseGrants,
  unpaidUnits,
  usageOf,
} from "@ipnft/protocol/verbs";
import type { Address } from "viem";
import type { HeldLicense } from "@/lib/indexer/accounts";
import { readLicensesHeld } from "@/lib/indexer/actions";
import { useIndexed } from "../indexer/useIndexed";
import { REFRESH_MS, useChainRead } from "../useChainRead";

/** A license as the indexer lists it, with what the chain says of it now: access, stream and metered usage. */
export interface LicenseRow extends HeldLicense {
  trainingNow: boolean;
  flowRate: bigint;
  unitsReported: bigint;
  unitsPaid: bigint;
  unpaidUnits: bigint;
}

/**
 * Every license the account holds (the list, terms, price paid and usage paid from the indexer, at most 100), with
 * what it grants now, its stream and its metered usage read from the chain: access is the chain's word, never the
 * indexer's.
 */
export function useMyLicenses(account: Address | undefined) {
  const listed = useIndexed(["my-licenses", account], Boolean(account) && (() => readLicensesHeld(account!)));
  const held = listed.data;
  const live = useChainRead(
    ["my-licenses", account, held?.map((l) => `${l.licenseId}:${l.usagePaid}`).join(",")],
    Boolean(account && held) &&
      (async (client, deployment): Promise<LicenseRow[]> => {
        const metered = Boolean(deployment.contracts.UsageMeter);
        const streamed = Boolean(deployment.contracts.RoyaltyPools);
        return Promise.all(
          held!.map(async (license) => {
            const { licenseId, ipId } = license;
            const [trainingNow, flowRate, usage, unpaid] = await Promise.all([
              licenseGrants(client, deployment, licenseId, "training"),
              streamed ? licenseeFlowRate(client, deployment, ipId, account!) : 0n,
              metered ? usageOf(client, deployment, licenseId, account!) : { reported: 0n, paid: 0n },
              metered ? unpaidUnits(client, deployment, licenseId, account!) : 0n,
            ]);
            return {
              ...license,
              trainingNow,
              flowRate,
              unitsReported: usage.reported,
              unitsPaid: usage.paid,
              unpaidUnits: unpaid,
            };
          }),
        );
      }),
    { refetchInterval: REFRESH_MS },
  );
  return { ...live, isLoading: listed.isLoading || live.isLoading, error: listed.error ?? live.error };
}

/**
 * The licenses the account holds that let it register a derivative now, with the parent and the royalty owed: the
 * list from the indexer, whether each still grants a derivative from the chain (LicenseToken clears the grant once
 * a license is used for one).
 */
export function useDerivativeGrants(account: Address | undefined) {
  const listed = useIndexed(["my-licenses", account], Boolean(account) && (() => readLicensesHeld(account!)));
  const held = listed.data?.filter((l) => l.terms.derivativesAllowed);
  return useChainRead(
    ["derivative-licenses", account, held?.map((l) => l.licenseId).join(",")],
    Boolean(held) &&
      (async (client, deployment): Promise<DerivativeGrant[]> => {
        const grants = await Promise.all(
          held!.map(async (l) =>
            (await licenseGrants(client, deployment, l.licenseId, "derivative"))
              ? { licenseId: l.licenseId, parentIpId: l.ipId, royaltyBps: l.terms.derivativeRoyaltyBps }
              : null,
          ),
        );
        return grants.filter((g): g is DerivativeGrant => g !== null);
      }),
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
