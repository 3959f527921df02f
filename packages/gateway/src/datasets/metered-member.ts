import type { Use } from "@ipnft/protocol/terms";
import type { Address } from "viem";
import { copyChunks } from "../c2pa/licensed-download";
import type { StoredFile } from "../content/store";
import type { GatewayContext } from "../context";
import { recordServed } from "../handlers/download";
import { byteSpan, type RangeVerdict } from "../http";
import { meteredStream } from "../metering/metered-stream";

/**
 * The usage ledger counts a license's units as ceil(bytes served / file size) with one file size per license: right
 * for a work (one file), wrong for a dataset whose members differ in size. So a member file's usage is written in a
 * fixed scale: a whole file is exactly UNIT_SCALE "bytes" whatever its size, a range its share rounded up. A whole
 * member file is then one unit and a piece never free; the record names the member by its CID.
 */
export const UNIT_SCALE = 1n << 32n;

export const scaledBytes = (sent: number, size: number): bigint =>
  size === 0 ? UNIT_SCALE : (BigInt(sent) * UNIT_SCALE + BigInt(size) - 1n) / BigInt(size);

/**
 * A member file's bytes, counted as they leave and recorded once (under the dataset license, credited to the dataset
 * IP) when the last byte is out or the client hangs up; access to the dataset is re-asked while a long download runs.
 */
export function meteredMemberBody(
  ctx: GatewayContext,
  o: {
    account: Address;
    datasetIpId: bigint;
    licenseId: bigint;
    use: Use;
    stored: StoredFile;
    /** The signed copy served instead of the stored original, if any: its bytes are counted, whole file = one unit. */
    copy?: Uint8Array;
    range: RangeVerdict;
    reservation: string | undefined;
    release: () => void;
  },
): ReadableStream<Uint8Array> | null {
  const { stored, copy } = o;
  const size = copy ? copy.length : stored.size;
  const { start, end } = byteSpan(o.range, size);
  let recorded = false;
  const recordOnce = (sent: number) => {
    if (recorded) return;
    recorded = true;
    if (sent === 0 && stored.size > 0) return o.release();
    const entry = {
      account: o.account,
      ipId: o.datasetIpId.toString(),
      licenseId: o.licenseId.toString(),
      cid: stored.cid,
      bytes: Number(scaledBytes(sent, size)),
      fileSize: Number(UNIT_SCALE),
    };
    const pending = recordServed(ctx, entry, o.reservation).catch((error) =>
      console.error("gateway: a dataset usage record could not be written:", error),
    );
    ctx.pendingRecords.add(pending);
    void pending.finally(() => ctx.pendingRecords.delete(pending));
  };
  if (stored.size === 0) {
    recordOnce(0);
    return null;
  }
  return meteredStream({
    chunks: (copy ? copyChunks(copy, { start, end }) : ctx.store.open("originals", stored.cid, { start, end }))[
      Symbol.asyncIterator
    ](),
    length: end - start + 1,
    recheckEveryMs: ctx.limits.recheckEveryMs,
    recheck: async () => {
      const again = await ctx.access.check(o.datasetIpId, o.account, o.use);
      if (!again.allowed) throw new Error(`access to dataset ${o.datasetIpId} ended during the download`);
    },
    onEnd: recordOnce,
  });
}
