import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { signRequest } from "@ipnft/ai-client/request-signature";
import type { UploadAnswer } from "@ipnft/gateway/api";
import { fileCid } from "@ipnft/gateway/content/cid";
import { registrationSteps, sendSteps } from "@ipnft/protocol/verbs";
import sharp from "sharp";
import { bytesToHex, type TypedDataDefinition } from "viem";
import { artworkPng } from "../../scripts/seed/images";
import { type E2EStack, screenshot, startStack } from "./support/stack";

const phone = { width: 390, height: 844 };

describe("verify journey: anyone checks a file for a certificate, on a phone, with the keyboard only", () => {
  let stack: E2EStack;
  let registered: Uint8Array;
  before(async () => {
    stack = await startStack();
    // Registered straight on chain by the artist's account, as any client could.
    registered = await artworkPng(99, "Registered elsewhere");
    const artist = stack.deployment.devAccounts!.artist;
    const cid = fileCid(registered);
    const registration = {
      contentHash: `0x${createHash("sha256").update(registered).digest("hex")}` as const,
      contentCid: bytesToHex(cid.bytes),
      metadataCid: bytesToHex(cid.bytes),
      royaltyBps: 0,
    };
    await sendSteps(
      { ...stack.clients, account: artist },
      registrationSteps(stack.deployment, registration, { creator: artist }),
    );
  });
  after(async () => {
    await stack?.stop();
  });

  it("a registered file shows who registered it and when, and links to its certificate", async () => {
    const page = await stack.newPage({ viewport: phone });
    await page.goto(`${stack.webUrl}/verify`);
    // Wait until the page is live (Next's client has booted and hydrated), so focus is not reset under the keyboard.
    await page.waitForLoadState("load");
    await page.waitForFunction(() => "next" in window);
    // Keyboard only: Tab to the file input and open it with Space.
    const input = page.getByLabel("Choose or drop a file to check");
    for (let i = 0; i < 40 && !(await input.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("Tab");
    assert.equal(
      await input.evaluate((el) => el === document.activeElement),
      true,
      "the file input is reachable with Tab",
    );
    // Space opens the chooser. Under a loaded machine the first press can land while React is still attaching the
    // input's handlers; press again (still from the keyboard, still on the input) rather than fail on the timing.
    let chooser: import("playwright-core").FileChooser | undefined;
    for (let attempt = 0; attempt < 3 && !chooser; attempt++) {
      const opened = page.waitForEvent("filechooser", { timeout: 8_000 }).catch(() => undefined);
      assert.equal(await input.evaluate((el) => el === document.activeElement), true, "the file input keeps focus");
      await page.keyboard.press("Space");
      chooser = await opened;
    }
    assert.ok(chooser, "Space on the focused file input opens the file chooser");
    await chooser.setFiles({ name: "found.png", mimeType: "image/png", buffer: Buffer.from(registered) });

    await page.getByText("“found.png” has a birth certificate.").waitFor();
    assert.equal(await page.getByTestId("verify-creator").textContent(), stack.deployment.devAccounts!.artist);
    await page.getByText(/UTC/).first().waitFor();
    await screenshot(page, "verify-1-registered-phone");
    const { width, widest } = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const over = Array.from(document.querySelectorAll("body *")).filter(
        (el) => el.getBoundingClientRect().right > vw + 1,
      );
      const widest = over
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 5)
        .join(", ");
      return { width: document.documentElement.scrollWidth, widest };
    });
    assert.ok(width <= phone.width, `nothing spills sideways on a phone (page is ${width}px wide: ${widest})`);

    const link = page.getByRole("link", { name: /See the certificate of IP #1/ });
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/works\/1$/);
    await page.getByTestId("certificate").waitFor();
    await screenshot(page, "verify-2-certificate-phone");
    await page.context().close();
  });

  it("a file nobody registered is reported as having no certificate", async () => {
    const page = await stack.newPage({ viewport: phone });
    await page.goto(`${stack.webUrl}/verify`);
    const other = await artworkPng(100, "Never registered");
    await page
      .getByLabel("Choose or drop a file to check")
      .setInputFiles({ name: "unknown.png", mimeType: "image/png", buffer: Buffer.from(other) });
    await page.getByText("“unknown.png” has no certificate.").waitFor();
    assert.equal(await page.getByTestId("verdict").getAttribute("data-status"), "unregistered");
    await page.getByText(fileCid(other).toString()).waitFor();
    await screenshot(page, "verify-3-unregistered-phone");
    await page.context().close();
  });

  it("a resized, recompressed copy of a work uploaded through the gateway finds it, ranked with its licenses", async () => {
    // The artist uploads the original through the app's gateway (a signed request, as the mint form's upload) and
    // registers it with an offer; the visitor then checks a smaller JPEG of it.
    const artist = stack.deployment.devAccounts!.artist;
    const original = await artworkPng(4711, "Harbour lights");
    const url = `${stack.webUrl}/api/uploads`;
    const signer = {
      address: artist,
      signTypedData: (typedData: TypedDataDefinition) =>
        stack.clients.walletClient.signTypedData({ ...typedData, account: artist } as never),
    };
    const form = new FormData();
    form.set("file", new File([new Uint8Array(original)], "harbour.png", { type: "image/png" }));
    form.set("metadata", JSON.stringify({ name: "Harbour lights", kind: "Work", media: { cid: "pending" } }));
    const uploaded = await fetch(url, {
      method: "POST",
      headers: { authorization: await signRequest(signer, stack.deployment.chainId, url, "POST") },
      body: form,
    });
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const answer = (await uploaded.json()) as UploadAnswer & { metadata: { cidBytes: `0x${string}` } };
    const registration = {
      contentHash: answer.sha256,
      contentCid: answer.cidBytes,
      metadataCid: answer.metadata.cidBytes,
      royaltyBps: 0,
      termsIds: [2n],
    };
    await sendSteps(
      { ...stack.clients, account: artist },
      registrationSteps(stack.deployment, registration, { creator: artist }),
    );

    const page = await stack.newPage({ viewport: phone });
    await page.goto(`${stack.webUrl}/verify`);
    const copy = await sharp(original).resize(300).jpeg({ quality: 40 }).toBuffer();
    await page
      .getByLabel("Choose or drop a file to check")
      .setInputFiles({ name: "reposted.jpg", mimeType: "image/jpeg", buffer: copy });
    await page.getByText("“reposted.jpg” has no certificate.").waitFor();
    const first = page.getByTestId("likely-original").first();
    await first.waitFor({ timeout: 30_000 });
    const text = (await first.textContent()) ?? "";
    assert.match(text, /\d+% similar to IP #2 “Harbour lights”/);
    assert.match(text, new RegExp(artist, "i"));
    assert.match(text, /AI training/i, "the work's license is summarised in words");
    await screenshot(page, "verify-4-likely-original-phone");
    await first.getByRole("link", { name: /See the certificate and licenses of IP #2/ }).click();
    await page.waitForURL(/\/works\/2$/);
    await page.context().close();
  });
});
