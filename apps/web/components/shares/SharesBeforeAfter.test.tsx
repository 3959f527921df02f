import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SharesBeforeAfter } from "./SharesBeforeAfter";

const owner = "0x1111111111111111111111111111111111111111";

describe("what enabling revenue shares changes, in words", () => {
  it("says an original's income goes to its owner now and all 1,000,000 shares to the owner after", () => {
    const text = renderToStaticMarkup(<SharesBeforeAfter owner={owner} parents={[]} />);
    expect(text).toContain("License fees and metered usage go to the owner, 0x1111…1111.");
    expect(text).toContain("Resale royalties go to the owner too.");
    expect(text).toContain("1,000,000 shares are created: 1,000,000 to the owner.");
  });

  it("gives each parent its royalty share of a derivative's shares, and the owner the rest", () => {
    const parents = [
      { ipId: 3n, royaltyBps: 1000 },
      { ipId: 7n, royaltyBps: 250 },
    ];
    const text = renderToStaticMarkup(<SharesBeforeAfter owner={owner} parents={parents} />);
    expect(text).toContain(
      "875,000 to the owner, 100,000 to the holders of work #3 (its 10%), 25,000 to the holders of work #7 (its 2.5%).",
    );
    expect(text).toContain("Resale royalties wait at the address the work&#x27;s share token will have");
  });
});
