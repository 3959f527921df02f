import type { Deployment } from "@ipnft/protocol/deployment";
import { poolFlowRate, shareSale, shareSupply, sharesOf } from "@ipnft/protocol/verbs";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { workHolders } from "@/lib/indexer/work";
import { chainClient } from "@/lib/works.server";
import { type PoolFigures, RoyaltyStats, SaleFormPreview } from "../shares/RoyaltyStats";
import { type ParentShare, SharesBeforeAfter } from "../shares/SharesBeforeAfter";
import { RoyaltyIsland } from "./WorkIslands";

/** The pool's figures from the chain, as the live panel reads them; undefined before shares are enabled. */
async function poolFigures(deployment: Deployment, ipId: bigint): Promise<PoolFigures | undefined> {
  const client = chainClient(deployment);
  const shares = await sharesOf(client, deployment, ipId);
  if (!shares) return undefined;
  const [sale, supply, inflow] = await Promise.all([
    shareSale(client, shares.shareToken),
    shareSupply(client, shares.shareToken),
    poolFlowRate(client, deployment, ipId),
  ]);
  return { poolFlowRate: inflow, supply, saleAvailable: sale.available, salePrice: sale.pricePerShare };
}

/**
 * A work's revenue shares and royalties, drawn on the server from the chain (figures) and the indexer (holders) as a
 * visitor without a wallet sees them; the live panel (ticking income, buying shares, enabling them) replaces it in
 * place once the wallet stack is in (see WorkIslands).
 */
export async function RoyaltySection(props: {
  deployment: Deployment;
  ipId: bigint;
  owner: Address;
  parents: readonly ParentShare[];
}) {
  const { deployment, ipId } = props;
  const money = { symbol: deployment.currency.superTokenSymbol, decimals: deployment.currency.decimals };
  const [info, holders] = await Promise.all([
    poolFigures(deployment, ipId).catch(() => null),
    workHolders(ipId).catch(() => []),
  ]);
  let drawn: ReactNode;
  if (info === null) drawn = <p className="muted">Reading the royalty pool…</p>;
  else if (!info) {
    drawn = (
      <>
        <p className="muted">Revenue shares are not enabled for this work yet.</p>
        <SharesBeforeAfter owner={props.owner} parents={props.parents} />
      </>
    );
  } else {
    drawn = (
      <RoyaltyStats
        info={info}
        money={money}
        holders={holders}
        paid={
          <div>
            <dt>Paid so far to today’s holders, live</dt>
            <dd>…</dd>
          </div>
        }
        sale={
          <>
            <SaleFormPreview info={info} money={money} amount={1000n} />
            <p className="tx-status" role="status" aria-live="polite" />
          </>
        }
      />
    );
  }
  return (
    <RoyaltyIsland ipId={ipId} owner={props.owner} parents={props.parents}>
      {drawn}
    </RoyaltyIsland>
  );
}
