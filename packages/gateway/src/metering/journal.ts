import { type FileHandle, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * An append-only JSON-lines journal: the gateway's memory of usage and receipts across restarts.
 * Each entry is one `write` of one line; with `durable`, it is flushed to disk before the append
 * resolves (signed receipts are money). A line torn by a crash is skipped on reading, and the file is
 * first ended with a newline so the next entry does not glue onto it.
 */
export interface Journal<T> {
  append(entry: T): Promise<void>;
  /** Every whole entry, oldest first, as of opening. */
  readonly entries: readonly T[];
  close(): Promise<void>;
}

export async function openJournal<T>(file: string, options: { durable?: boolean } = {}): Promise<Journal<T>> {
  await mkdir(path.dirname(file), { recursive: true });
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const entries: T[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // torn by a crash mid-append: that append never returned, so nobody relied on it
    }
  }
  const handle: FileHandle = await open(file, "a");
  if (text.length > 0 && !text.endsWith("\n")) await handle.write("\n");
  // Appends are serialized so lines never interleave and a durable append covers every earlier one.
  let tail: Promise<void> = Promise.resolve();

  return {
    entries,
    append(entry) {
      const line = `${JSON.stringify(entry, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`;
      const write = tail.then(async () => {
        await handle.write(line);
        if (options.durable) await handle.datasync();
      });
      tail = write.catch(() => {});
      return write;
    },
    async close() {
      await tail;
      await handle.close();
    },
  };
}
