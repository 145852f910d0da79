import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUTPUT = join(import.meta.dirname, "../output");

describe("the offline explorer in a real browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    stack = await startTestStack();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("runs a query with the auth header and shows the sentiment", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const offsite: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(stack.urls.gateway) && !r.url().startsWith("data:")) offsite.push(r.url());
    });
    const query = `query { analyzeReview(text: "A wonderful, warm and funny film") { text sentiment { label score } } }`;
    const headers = JSON.stringify({ Authorization: `Bearer ${stack.keys.reader}` });
    await page.goto(`${stack.urls.gateway}/explorer?query=${encodeURIComponent(query)}&headers=${encodeURIComponent(headers)}`);
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".result-window");
    await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toContain("POSITIVE");
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "explorer.png") });
    expect(offsite).toEqual([]);
  });

  // The default query asks for an explanation, which the committed model must be able to give.
  it("opens on a query that reads a review sentence by sentence, with its top words", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const headers = JSON.stringify({ Authorization: `Bearer ${stack.keys.reader}` });
    await page.goto(`${stack.urls.gateway}/explorer?headers=${encodeURIComponent(headers)}`);
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".result-window");
    await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toContain('"mixed": true');
    const answer = await result.innerText();
    expect(answer).toContain('"text": "The waiter was friendly and helpful."');
    expect(answer).toContain('"weight"');
    await page.screenshot({ path: join(OUTPUT, "explorer-sentences.png") });
  });
});
