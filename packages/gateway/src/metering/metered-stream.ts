/**
 * A download's body as it leaves the gateway: it counts the bytes that actually go out, so a client that hangs up is
 * charged for what it received, and calls `onEnd(sent)` when the last byte is out (not when the reader next asks: it
 * may never ask), on an error, and when the client hangs up; `onEnd` records once. While a long download runs, access
 * is re-asked every `recheckEveryMs` through `recheck`, which throws when it ended: a license that expires or a stream
 * that stops mid-download ends the download, not only the next one.
 */
export function meteredStream(o: {
  chunks: AsyncIterator<Uint8Array>;
  /** Bytes the body carries (the range's length). */
  length: number;
  recheckEveryMs: number;
  recheck: () => Promise<void>;
  onEnd: (sent: number) => void;
}): ReadableStream<Uint8Array> {
  let sent = 0;
  let lastCheck = Date.now();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (Date.now() - lastCheck >= o.recheckEveryMs) {
          lastCheck = Date.now();
          await o.recheck();
        }
        const { done, value } = await o.chunks.next();
        if (done) {
          o.onEnd(sent);
          controller.close();
          return;
        }
        sent += value.length;
        controller.enqueue(value);
        if (sent === o.length) o.onEnd(sent);
      } catch (error) {
        o.onEnd(sent);
        void o.chunks.return?.();
        controller.error(error);
      }
    },
    async cancel() {
      o.onEnd(sent);
      await o.chunks.return?.();
    },
  });
}
