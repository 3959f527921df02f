import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pullDatasetWithKey } from "@ipnft/ai-client/dataset-command";
import { trustDeployment } from "@ipnft/ai-client/trust";
import { createContentStore } from "@ipnft/gateway/content/store";
import { datasetsAbi } from "@ipnft/protocol/abis";
import { faucetSteps, registeredIpId, registrationSteps, sendSteps, sendWrite } from "@ipnft/protocol/verbs";
import type { Kind } from "@ipnft/protocol/work-metadata";
import { type Address, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { storeArtwork } from "../../scripts/seed/artwork";
import { connectDevWallet, type E2EStack, screenshot, startStack } from "./support/stack";

/** Hardhat's third default account: the dev wallet's AI company, whose key its own client holds. */
const aiCompanyKey = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const noConsent = { licenseId: 0n, deadline: 0n, nonce: 0n, signature: "0x" } as const;

describe("datasets journey in Chromium: a curator's dataset, licensed and pulled, paying its members", () => {
  let stack: E2EStack;
  let datasetId: bigint;
  const members: bigint[] = [];

  before(async () => {
    stack = await startStack();
    const { deployment, clients, dataDir } = stack;
    const { artist, aiCompany } = deployment.devAccounts!;
    const store = createContentStore(dataDir);
    const register = async (title: string, kind: Kind, seed: number, termsIds: bigint[]) => {
      const art = await storeArtwork(store, {
        seed,
        title,
        description: `${title}, for the datasets journey`,
        kind,
        tags: ["dataset-journey"],
        creator: artist,
        createdAt: new Date(),
        size: 256,
      });
      const steps = registrationSteps(deployment, { ...art, kind, termsIds }, { creator: artist });
      return registeredIpId((await sendSteps({ ...clients, account: artist }, steps)).at(-1)!.logs)!;
    };
    for (const [i, title] of ["Tide pool", "Salt marsh", "Lighthouse"].entries()) {
      members.push(await register(title, "Work", 7100 + i, [1n]));
    }
    datasetId = await register("Coastline dataset", "Dataset", 7200, [2n]);
    const curate = (functionName: string, args: readonly unknown[]) =>
      sendWrite(
        { ...clients, account: artist },
        { address: deployment.contracts.Datasets as Address, abi: datasetsAbi, functionName, args },
      );
    await curate("openDataset", [datasetId, 1000]);
    await curate("addMembers", [
      datasetId,
      members.map((ipId, i) => ({ ipId, weight: i + 1 })),
      members.map(() => noConsent),
    ]);
    const money = parseUnits("500", deployment.currency.underlyingDecimals);
    await sendSteps({ ...clients, account: aiCompany }, faucetSteps(deployment, aiCompany, money));
  });
  after(async () => {
    await stack?.stop();
  });

  it("shows members and weights; an AI company licenses and pulls it; a member's owner sees the income", async () => {
    const page = await stack.newPage();
    await page.goto(stack.webUrl);
    await connectDevWallet(page, "aiCompany");
    await page.getByRole("link", { name: "Datasets", exact: true }).click();
    await page.waitForURL(/\/datasets$/);
    await page.getByRole("link", { name: "Coastline dataset" }).click();
    await page.waitForURL(/\/datasets\/\d+$/);
    assert.equal(await page.getByTestId("curator-share").textContent(), "10%");
    assert.equal(await page.getByTestId("member-count").textContent(), "3");
    for (const [i, ipId] of members.entries()) {
      const row = page.getByTestId(`members-${ipId}`);
      assert.equal(await row.locator("td").nth(2).textContent(), String(i + 1), "the member's weight");
    }
    await screenshot(page, "datasets-1-dataset-page");

    await page.getByRole("link", { name: "License this dataset" }).click();
    await page.waitForURL(new RegExp(`/works/${datasetId}$`));
    const offer = page.locator(".offer", { hasText: "100 tUSDCx once" });
    await offer.getByRole("button", { name: /Buy license/ }).click();
    await offer.locator('[data-status="confirmed"]', { hasText: "Buy the license" }).waitFor({ timeout: 30_000 });

    const key = privateKeyToAccount(aiCompanyKey);
    const outDir = mkdtempSync(path.join(tmpdir(), "dataset-journey-"));
    const pulled = await pullDatasetWithKey(
      datasetId,
      {
        gateway: stack.webUrl,
        outDir,
        use: "training",
        trust: trustDeployment(stack.deployment, "the journey's deployment"),
      },
      { address: key.address, signTypedData: (t) => key.signTypedData(t) },
      () => {},
    );
    assert.deepEqual(pulled.failures, []);
    assert.deepEqual(
      pulled.files.map((f) => f.ipId),
      members.map(String),
    );

    const artist = await stack.newPage();
    await artist.goto(`${stack.webUrl}/creator`);
    await connectDevWallet(artist, "artist");
    // The dashboard's lists come from the indexer through server actions: slow on a loaded machine.
    await artist
      .getByTestId("dataset-income")
      .waitFor({ timeout: 60_000 })
      .catch(async (error) => {
        await screenshot(artist, "datasets-failed-creator");
        throw error;
      });
    await artist.waitForFunction(
      () => BigInt(document.querySelector('[data-testid="dataset-income"]')?.getAttribute("data-wei") ?? "0") > 0n,
      undefined,
      { timeout: 60_000 },
    );
    await screenshot(artist, "datasets-2-creator-dataset-income");

    await artist.goto(`${stack.webUrl}/works/${members[2]}`);
    const inDataset = artist.getByTestId(`in-datasets-${datasetId}`);
    await inDataset.waitFor();
    assert.match((await inDataset.textContent()) ?? "", /Coastline dataset/);
  });
});
