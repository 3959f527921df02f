import { describe, expect, it } from "vitest";
import { HashIndex } from "./hash-index";

const h = (hex: string) => BigInt(`0x${hex}`);

describe("the in-memory hash index", () => {
  const index = new HashIndex();
  index.add("a", [h("0000000000000000"), h("00000000ffffffff")]);
  index.add("b", [h("ffffffff00000000")]);
  index.add("c", [h("00000000000000ff")]);

  it("finds keys within the distance of any query hash, each at its nearest, nearest first", () => {
    // 3 bits from a's first hash, 5 from c's; 32+ from b.
    expect(index.nearest([h("0000000000000007")], 8, 5)).toEqual([
      { key: "a", distance: 3 },
      { key: "c", distance: 5 },
    ]);
    // The second query (a mirror) counts as much as the first: b is 1 bit from it.
    expect(index.nearest([h("0f0f0f0f0f0f0f0f"), h("fffffffe00000000")], 8, 5)).toEqual([{ key: "b", distance: 1 }]);
  });

  it("leaves out keys beyond the distance, and stops at the limit", () => {
    expect(index.nearest([h("0000000000000007")], 2, 5)).toEqual([]);
    expect(index.nearest([h("0000000000000007")], 8, 1)).toEqual([{ key: "a", distance: 3 }]);
  });

  it("differs in bits of both halves: a high-half difference is counted with the low half's", () => {
    // 4 bits off in the high half and 4 in the low half of a's first hash.
    expect(index.nearest([h("0000000f0000000f")], 8, 5)[0]).toEqual({ key: "a", distance: 8 });
    expect(index.nearest([h("0000000f0000000f")], 7, 5).map((n) => n.key)).not.toContain("a");
  });

  it("adds a key once and grows past its first capacity", () => {
    const big = new HashIndex();
    for (let i = 0; i < 3000; i++) big.add(`k${i}`, [BigInt(i) << 20n]);
    big.add("k5", [h("ffffffffffffffff")]);
    expect(big.size).toBe(3000);
    expect(big.nearest([5n << 20n], 0, 3)).toEqual([{ key: "k5", distance: 0 }]);
  });
});
