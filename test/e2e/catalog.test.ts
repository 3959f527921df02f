import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createContentStore } from "@ipnft/gateway/content/store";
import { cidBytes, rawCidOf } from "@ipnft/protocol/content";
import { registrationSteps } from "@ipnft/protocol/verbs";
import { preset, sendAs } from "./support/market";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

/** The upfront price on a catalog card ("from 100 tUSDCx up front" -> 100), whatever the currency's symbol. */
const priceOf = (text: string | null) => Number(/from ([\d,.]+) \S+ up front/.exec(text ?? "")?.[1].replace(/,/g, ""));
const LANTERNS = 30;

/**
 * 30 more works named "Lantern study N", tagged "lantern", offered for AI training at two prices, so one search
 * fills a page and a half. Registered as the artist, metadata in the stack's store for the indexer to read.
 */
async function registerLanterns(stack: E2EStack) {
  const artist = stack.deployment.devAccounts!.artist;
  const store = createContentStore(stack.dataDir);
  const cheap = (await preset(stack, "AI training, flat fee")).termsId;
  const dear = (await preset(stack, "AI training, streamed and metered")).termsId;
  for (let i = 1; i <= LANTERNS; i++) {
    const bytes = new TextEncoder().encode(`lantern study ${i} ${Date.now()}`);
    const original = (await store.put("originals", bytes, { mediaType: "text/plain" })).file;
    const metadata = new TextEncoder().encode(
      JSON.stringify({
        name: `Lantern study ${i}`,
        description: "",
        kind: "Work",
        media: { cid: original.cid, sha256: original.sha256, mediaType: "text/plain", size: bytes.length },
        image: `ipfs://${original.cid}`,
        creator: artist,
        createdAt: new Date().toISOString(),
        tags: ["lantern"],
      }),
    );
    await store.put("metadata", metadata, { mediaType: "application/json" });
    const registration = {
      contentHash: original.sha256,
      contentCid: cidBytes(original.cid),
      metadataCid: cidBytes(await rawCidOf(metadata)),
      termsIds: [i % 2 ? cheap : dear],
    };
    await sendAs(stack, artist, ...registrationSteps(stack.deployment, registration, { creator: artist }));
  }
}

/** Waits until the indexer has read the chain up to its head now. */
async function indexerCaughtUp(stack: E2EStack) {
  const head = Number(await stack.clients.publicClient.getBlockNumber());
  for (let i = 0; i < 120; i++) {
    const status = (await (await fetch(`${stack.indexerUrl}/status`)).json()) as Record<
      string,
      { block: { number: number } }
    >;
    if (Object.values(status).some((c) => c.block.number >= head)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the indexer did not catch up within a minute");
}

describe("catalog, work page and dashboards read the indexer, in Chromium", () => {
  let stack: E2EStack;
  before(async () => {
    stack = await startStack({ demo: true });
    await registerLanterns(stack);
    await indexerCaughtUp(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  it("searches, filters, sorts and pages the catalog on the server, and a reload keeps it all", async () => {
    const page = await stack.newPage();
    await page.goto(stack.webUrl);
    await page.getByLabel("Search").fill("lantern study");
    await page.getByLabel("Kind").selectOption("work");
    await page.getByLabel("Licensable for").selectOption("training");
    await page.getByLabel("Sort").selectOption("price-asc");
    await page.getByRole("button", { name: "Show works" }).click();
    await page.waitForURL(/q=lantern\+study/);
    const heading = page.getByTestId("catalog-count");
    assert.equal(await heading.textContent(), `Works 1–24 of ${LANTERNS} licensable for ai training`);
    const cards = page.locator(".work-card");
    assert.equal(await cards.count(), 24);
    const first = (await cards.getByTestId("work-price").allTextContents()).map(priceOf);
    assert.deepEqual(
      first,
      [...first].sort((a, b) => a - b),
      `page 1 is cheapest first: ${first.join(", ")}`,
    );
    for (const title of await cards.locator(".work-title").allTextContents()) assert.match(title, /^Lantern study/);
    await screenshot(page, "catalog-1-search-page-1");

    await page.getByRole("link", { name: "Next page →" }).click();
    await page.waitForURL(/page=2/);
    assert.equal(new URL(page.url()).search, "?q=lantern+study&kind=work&use=training&sort=price-asc&page=2");
    assert.equal(await heading.textContent(), `Works 25–30 of ${LANTERNS} licensable for ai training`);
    const second = (await cards.getByTestId("work-price").allTextContents()).map(priceOf);
    assert.equal(second.length, LANTERNS - 24);
    assert.ok(second[0] >= first[first.length - 1], "page 2 goes on where page 1 ended");

    await page.reload();
    assert.equal(await heading.textContent(), `Works 25–30 of ${LANTERNS} licensable for ai training`);
    // By name: the results list is labelled by a heading that also says "licensable for".
    assert.equal(await page.locator('input[name="q"]').inputValue(), "lantern study");
    assert.equal(await page.locator('select[name="kind"]').inputValue(), "work");
    assert.equal(await page.locator('select[name="use"]').inputValue(), "training");
    assert.equal(await page.locator('select[name="sort"]').inputValue(), "price-asc");
    assert.equal(await page.getByTestId("page-of").textContent(), "Page 2 of 2");
    await screenshot(page, "catalog-2-page-2-after-reload");
    await page.context().close();
  });

  it("works without JavaScript: the search form is a plain GET form", async () => {
    const context = await stack.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(stack.webUrl);
    await page.getByLabel("Search").fill("lantern study 7");
    await page.getByRole("button", { name: "Show works" }).click();
    await page.waitForURL(/q=lantern\+study\+7/);
    assert.equal(await page.getByTestId("catalog-count").textContent(), "Works 1–1 of 1");
    await page.getByRole("link", { name: /Lantern study 7/ }).waitFor();
    await context.close();
  });

  it("ships the scripts every page boots with marked for eager compilation, and no others", async () => {
    const html = await (await fetch(stack.webUrl)).text();
    const scripts = [...html.matchAll(/<script src="([^"]+\.js)"/g)].map((m) => m[1]);
    const chunks = [...html.matchAll(/static\/chunks\/[^"\\]+\.js/g)].map((m) => `/_next/${m[0]}`);
    const startsWithHint = async (src: string) =>
      (await (await fetch(new URL(src, stack.webUrl))).text()).startsWith("//# allFunctionsCalledOnLoad\n");
    const startup = scripts.filter((src) => /\/(webpack|main-app)-/.test(src));
    assert.equal(startup.length, 2, `the webpack runtime and main-app are among ${scripts.join(", ")}`);
    for (const src of startup) assert.ok(await startsWithHint(src), `${src} carries the compile hint`);
    const pageChunks = chunks.filter((src) => src.includes("/chunks/app/"));
    assert.ok(pageChunks.length > 0, "the catalog's own chunks are referenced");
    for (const src of pageChunks) assert.equal(await startsWithHint(src), false, `${src} is compiled lazily`);
  });

  it("answers a page past the end with an empty page that says so, not an error", async () => {
    const page = await stack.newPage();
    const response = await page.goto(`${stack.webUrl}/?q=lantern+study&page=9`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator(".work-card").count(), 0);
    const words = page.getByTestId("past-the-end");
    assert.match((await words.textContent()) ?? "", /^Page 9 is past the end: there are 2 pages of works here\./);
    await words.getByRole("link", { name: "Go to the last page" }).click();
    await page.waitForURL(/page=2/);
    assert.equal(await page.locator(".work-card").count(), LANTERNS - 24);
    await page.context().close();
  });

  it("shows a work's history from the indexer and its earnings as a chart with the figures in a table", async () => {
    const page = await stack.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${stack.webUrl}/works/1`);
    const history = page.getByTestId("work-history");
    await history.getByText("Registered (birth certificate)").waitFor();
    await history.getByText("License sold").first().waitFor();
    await history.getByText("Royalty stream opened").waitFor();
    const figure = page.getByTestId("work-income");
    // the chart is drawn once scrolled into view
    await figure.scrollIntoViewIfNeeded();
    await figure.locator("svg.recharts-surface").first().waitFor();
    const box = await figure.boundingBox();
    assert.ok(box && box.width <= 390, `the chart fits a phone (${box?.width} px)`);
    const table = page.getByTestId("work-income-table");
    assert.match((await table.locator("caption").textContent()) ?? "", /^What this work earned, per/);
    assert.ok((await table.locator("tbody tr").count()) > 0, "the table has a row per period");
    assert.match((await table.textContent()) ?? "", new RegExp(stack.deployment.currency.superTokenSymbol));
    await screenshot(page, "catalog-3-work-page-phone");
    await page.context().close();
  });

  it("draws the creator's earnings with a screen-reader table on a phone", async () => {
    const page = await stack.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${stack.webUrl}/creator`);
    await connectDevWallet(page, "artist");
    const figure = page.getByTestId("creator-income");
    await figure.waitFor({ timeout: 30_000 });
    await figure.scrollIntoViewIfNeeded();
    await figure.locator("svg.recharts-surface").first().waitFor({ timeout: 30_000 });
    const table = page.getByTestId("creator-income-table");
    assert.match((await table.locator("caption").textContent()) ?? "", /^What your works earned, per/);
    assert.ok((await table.locator("tbody tr").count()) > 0);
    assert.match(
      (await figure.locator("figcaption").textContent()) ?? "",
      new RegExp(`${stack.deployment.currency.superTokenSymbol} in all`),
    );
    // The works list is the indexer's too: the lantern studies are the artist's newest works.
    await page.getByRole("link", { name: `Lantern study ${LANTERNS}` }).waitFor();
    await screenshot(page, "catalog-4-creator-chart-phone");
    await page.context().close();
  });

  // Last: it stops the indexer.
  it("still renders a work page from the chain when the indexer is stopped, and says so", async () => {
    await stack.stopIndexer();
    const page = await stack.newPage();
    await page.goto(`${stack.webUrl}/works/1`);
    await page.getByTestId("certificate").waitFor();
    assert.match((await page.getByTestId("certificate-sha256").textContent()) ?? "", /^0x[0-9a-f]{64}$/);
    await page.locator(".offer").first().waitFor();
    assert.match((await page.getByTestId("indexer-notice").textContent()) ?? "", /indexer is not reachable/);
    await screenshot(page, "catalog-5-work-page-indexer-down");

    await page.goto(stack.webUrl);
    await page.getByText("The catalog can’t be listed right now because the indexer did not answer.").waitFor();
    await page.context().close();
  });
});
