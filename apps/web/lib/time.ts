/** A block time for people, in UTC so server and browser print the same thing: "2026-11-27 13:30 UTC". */
export function blockTimeWords(seconds: number): string {
  if (!seconds) return "—";
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
