// The try-it page at /try in a real browser against the real stack, with the allow-list on (the
// page must send only persisted operations of the generated client). Scores are not asserted,
// only directions and structure: the committed model will change.
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../client/request.js";
import { FeedbackPageDocument, TryAnalysisDocument } from "../../client/generated/graphql.js";
import { buildTryPage, type TryPageSizes } from "../../scripts/build/try-page.js";
import { ROOT, type Stack } from "../../scripts/stack.js";
import { startTestStack } from "../support/stack-fixture.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUTPUT = join(import.meta.dirname, "../output");
// axe-core's own source, injected into the page under test.
const AXE = axe.source;

// Two sentences of opposite opinion, with an emoji (two UTF-16 units) and accents (one precomposed,
// one decomposed: e + U+0300) before every word the model can pick.
const MIXED = "Café cre\u0300me 😍 — the food was cold and bland. The waiter was friendly and helpful.";

describe("the try-it page in a real browser", () => {
  let stack: Stack;
  let browser: Browser;
  let sizes: TryPageSizes;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    const dir = mkdtempSync(join(tmpdir(), "try-page-"));
    sizes = await buildTryPage(ROOT, dir);
    // A queue of 6 texts: a two-sentence text is 3, an eight-sentence one (9) overflows it.
    stack = await startTestStack({ TRY_PAGE_DIR: dir, PERSISTED_OPERATIONS_ONLY: "true", MAX_QUEUE: "6" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A page of /try that records what it sends and every CSP complaint. */
  async function openPage(viewport = { width: 1440, height: 1000 }, options: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ viewport, bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    const offsite: string[] = [];
    const bodies: string[] = [];
    const cspErrors: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(stack.urls.gateway)) offsite.push(r.url());
      if (r.url().endsWith("/graphql")) bodies.push(r.postData() ?? "");
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${stack.urls.gateway}/try`);
    return { page, offsite, bodies, cspErrors };
  }

  async function analyse(page: Page, text: string): Promise<void> {
    await page.locator("#text").fill(text);
    await page.locator("#analyse").click();
  }

  const errorText = (page: Page) => page.locator("#error").innerText();
  const activeId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");

  it("serves the page from the gateway with a strict policy and the security headers, linked from the explorer", async () => {
    const response = await fetch(`${stack.urls.gateway}/try`);
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    expect(html).not.toMatch(/<script>|<style>|\sstyle=/);
    expect(await (await fetch(`${stack.urls.gateway}/explorer`)).text()).toContain('href="/try"');
  });

  it("loads without a console error: no missing icon, no policy complaint", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const complaints: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || /Content Security Policy/i.test(m.text())) complaints.push(m.text());
    });
    page.on("response", (r) => {
      if (r.status() >= 400) complaints.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${stack.urls.gateway}/try`, { waitUntil: "networkidle" });
    expect(complaints).toEqual([]);
    await context.close();
  });

  it("keeps its own JavaScript and CSS under 50 KB gzipped", () => {
    expect(sizes.jsGzip + sizes.cssGzip).toBeLessThan(50 * 1024);
  });

  it("shows a two-sentence mixed text: the label, the badge, the sentences tinted blue and orange, the top word at the API's offsets", async () => {
    const { page, offsite, bodies, cspErrors } = await openPage();
    await page.locator("#top").fill("1");
    await analyse(page, MIXED);
    await page.locator("#result").waitFor({ state: "visible" });

    const reference = (await createClient({ url: stack.gatewayUrl, persisted: true }).request(TryAnalysisDocument, { text: MIXED, top: 1 })).data.analyzeReview;
    const sentiment = reference.sentiment;
    if (!sentiment) throw new Error("no sentiment");
    expect(sentiment.mixed).toBe(true);
    await expect.poll(() => page.locator("#mixed").isVisible()).toBe(true);
    expect(await page.locator("#mixed-note").innerText()).toMatch(/clearly positive and another clearly negative/);
    expect(await page.locator("#label").innerText()).toBe(sentiment.label === "POSITIVE" ? "Positive" : "Negative");
    expect(await page.locator("#model-version").innerText()).toBe(sentiment.modelVersion);

    // Two tinted sentences: the negative one orange (more red than blue), the positive one blue.
    const sentences = page.locator("#rendered .sentence");
    expect(await sentences.count()).toBe(2);
    const colour = async (i: number) => {
      const css = await page.evaluate<string>(`getComputedStyle(document.querySelectorAll("#rendered .sentence")[${i}]).backgroundColor`);
      const [r, , b] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return { r: r ?? 0, b: b ?? 0 };
    };
    const [first, second] = sentiment.sentences;
    expect(first && first.positiveProbability < 0.5).toBe(true);
    expect(second && second.positiveProbability > 0.5).toBe(true);
    const negative = await colour(0);
    const positive = await colour(1);
    expect(negative.r).toBeGreaterThan(negative.b);
    expect(positive.b).toBeGreaterThan(positive.r);

    // The top word, where the API puts it: UTF-16 offsets into the analysed text.
    const [top] = sentiment.explanation;
    if (!top) throw new Error("no explanation");
    expect(reference.text.slice(top.start, top.end)).toBe(top.word);
    expect(top.start).toBeGreaterThan(MIXED.indexOf("😍"));
    const word = page.locator("#rendered .word");
    expect(await word.count()).toBe(1);
    expect(await word.getAttribute("data-start")).toBe(String(top.start));
    expect(await word.locator(".w").innerText()).toBe(top.word);
    // The text drawn before the word (tooltips aside), read in the browser.
    const before = await page.evaluate<string>(`(() => {
      const root = document.querySelector("#rendered");
      const target = root.querySelector(".word .w");
      let text = "";
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && !target.contains(node); node = walker.nextNode()) {
        if (!node.parentElement.closest(".tip")) text += node.nodeValue;
      }
      return text;
    })()`);
    expect(before.length).toBe(top.start);
    expect(before).toBe(reference.text.slice(0, top.start));

    // Hover says the weight in words.
    await word.hover();
    expect(await word.locator(".tip").innerText()).toMatch(new RegExp(`^pushed towards ${top.weight < 0 ? "negative" : "positive"} by \\d+\\.\\d$`));

    await page.screenshot({ path: join(OUTPUT, "try-desktop.png"), fullPage: true });
    // Only persisted operations, only this origin, nothing the policy had to block.
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(JSON.parse(body)).not.toHaveProperty("query");
    expect(offsite).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  it("fits a 360 px screen without sideways scrolling", async () => {
    const { page } = await openPage({ width: 360, height: 800 });
    await analyse(page, MIXED);
    await page.locator("#result").waitFor({ state: "visible" });
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(OUTPUT, "try-narrow.png"), fullPage: true });
  });

  it("counts the characters left as the API counts them (code points)", async () => {
    const { page } = await openPage();
    await page.locator("#text").fill("😍 café");
    expect(await page.locator("#counter").innerText()).toBe("4,994 characters left");
  });

  it("puts every input error of the API into words", async () => {
    const { page } = await openPage();
    const cases: Array<[string, RegExp]> = [
      ["ok", /too short: write at least 4 characters/],
      ["12 345", /only a number, not a review/],
      ["a".repeat(5003), /too long: the limit is 5,000 characters, so remove 3 of them/],
    ];
    for (const [text, expected] of cases) {
      await analyse(page, text);
      await expect.poll(() => errorText(page)).toMatch(expected);
      expect(await errorText(page)).not.toMatch(/BAD_USER_INPUT|\{/);
    }
  });

  it("hides the previous text's result when the next text fails, so its feedback buttons cannot rate a text no longer shown", async () => {
    const { page } = await openPage();
    await analyse(page, "The best film I have seen in years.");
    await page.locator("#result").waitFor({ state: "visible" });
    await analyse(page, "1234");
    await expect.poll(() => errorText(page)).toMatch(/only a number/);
    expect(await page.locator("#result").isHidden()).toBe(true);
  });

  it("says the model is overloaded when its queue is full", async () => {
    const { page } = await openPage();
    await analyse(page, Array.from({ length: 8 }, (_, i) => `Sentence number ${i + 1} is fine.`).join(" "));
    await expect.poll(() => errorText(page)).toMatch(/model is busy/);
  });

  it("says the model service is down while it is, and reads again once it is back", async () => {
    const { page } = await openPage();
    await stack.kill("ml");
    try {
      await analyse(page, "A service that is down for a moment.");
      await expect.poll(() => errorText(page)).toMatch(/sentiment model is not answering/);
    } finally {
      await stack.start("ml");
    }
    await analyse(page, "A lovely, warm and funny film.");
    await page.locator("#result").waitFor({ state: "visible" });
    expect(await page.locator("#error").isHidden()).toBe(true);
  });

  it("says when the caller is rate limited, or the server cannot be reached", async () => {
    const { page } = await openPage();
    // The gateway's own 429 answer, replayed: a real limit would throttle the rest of this suite.
    await page.route("**/graphql", (route) =>
      route.fulfill({ status: 429, headers: { "retry-after": "7", "content-type": "application/json" }, body: JSON.stringify({ errors: [{ message: "Rate limit exceeded", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 7 } }] }) }),
    );
    await analyse(page, "Too many of these.");
    await expect.poll(() => errorText(page)).toMatch(/Too many requests .* Wait 7 seconds/);
    await page.unroute("**/graphql");
    await page.route("**/graphql", (route) => route.abort("connectionrefused"));
    await analyse(page, "Nobody there.");
    await expect.poll(() => errorText(page)).toMatch(/server cannot be reached/);
  });

  it("works with the keyboard alone: type, Enter, a word's weight on focus, Wrong, a key kept in memory, feedback stored", async () => {
    const { page } = await openPage();
    // Tab order from the top: skip link, explorer link, text box.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await activeId(page)).toBe("text");
    const text = "Café 😍 staff were rude and the room was dirty.";
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
    await page.locator("#result").waitFor({ state: "visible" });
    const label = (await page.locator("#label").innerText()).toUpperCase();

    // Tab through the page until a highlighted word has focus; its weight shows.
    for (let i = 0; i < 40 && !(await page.evaluate<boolean>("document.activeElement?.classList.contains('word') ?? false")); i += 1) await page.keyboard.press("Tab");
    const focused = page.locator("#rendered .word:focus");
    expect(await focused.locator(".tip").isVisible()).toBe(true);
    expect(await focused.locator(".tip").innerText()).toMatch(/^pushed towards (negative|positive) by/);

    await page.locator("#wrong").focus();
    await page.keyboard.press("Enter");
    // Without a key the page asks for one, focused, and says where it keeps it.
    await expect.poll(() => activeId(page)).toBe("key");
    expect(await page.locator("#key-note").innerText()).toMatch(/only in this tab's memory/);
    await page.keyboard.type(stack.keys.reader);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#feedback-status").innerText()).toMatch(/^Thank you/);

    const storage = await page.evaluate<string>("JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie");
    expect(storage).not.toContain(stack.keys.reader);

    // The admin reads back what the Wrong button stored: the other label than the model's.
    const feedback = (await createClient({ url: stack.gatewayUrl, apiKey: stack.keys.admin, persisted: true }).request(FeedbackPageDocument, { first: 50 })).data.feedback;
    const stored = feedback.edges.map((e) => e.node).find((n) => n.text === text);
    expect(stored).toMatchObject({ modelLabel: label, label: label === "POSITIVE" ? "NEGATIVE" : "POSITIVE", agrees: false });
  });

  it("stores per-sentence feedback from the sentence's own buttons", async () => {
    const { page } = await openPage();
    await page.locator("#key-box summary").click();
    await page.locator("#key").fill(stack.keys.writer);
    await page.locator("#key-form button").click();
    await analyse(page, MIXED);
    await page.locator("#result").waitFor({ state: "visible" });
    await page.locator("#sentences li").nth(1).getByRole("button", { name: "Correct" }).click();
    await expect.poll(() => page.locator("#feedback-status").innerText()).toMatch(/^Thank you: stored that sentence 2/);
    const feedback = (await createClient({ url: stack.gatewayUrl, apiKey: stack.keys.admin, persisted: true }).request(FeedbackPageDocument, { first: 50 })).data.feedback;
    expect(feedback.edges.some((e) => e.node.text === "The waiter was friendly and helpful." && e.node.agrees)).toBe(true);
  });

  it("offers no sentence feedback on a sentence the feedback API would refuse as a text", async () => {
    const { page } = await openPage();
    await analyse(page, "Ok. The room was spotless and quiet. 123.");
    await page.locator("#result").waitFor({ state: "visible" });
    const rows = page.locator("#sentences li");
    expect(await rows.count()).toBe(3);
    expect(await Promise.all([0, 1, 2].map((i) => rows.nth(i).getByRole("button").count()))).toEqual([0, 2, 0]);
  });

  it("says a text of more than 64 sentences has too many, in the API's numbers", async () => {
    const { page } = await openPage();
    await analyse(page, Array.from({ length: 70 }, (_, i) => `Part ${i + 1} was fine.`).join(" "));
    await expect.poll(() => errorText(page)).toMatch(/has 70 sentences, more than the 64 .* Split it/);
  });

  it("says an entered key was not accepted instead of asking for one", async () => {
    const { page } = await openPage();
    await page.locator("#key-box summary").click();
    await page.locator("#key").fill("sk_not_a_real_key_at_all_0000000000");
    await page.locator("#key-form button").click();
    await analyse(page, "A key that nobody issued.");
    await expect.poll(() => errorText(page)).toMatch(/key you entered was not accepted/);
    expect(await errorText(page)).not.toMatch(/Enter yours/);
  });

  it("counts one character left in the singular", async () => {
    const { page } = await openPage();
    await page.locator("#text").fill("a".repeat(4999));
    expect(await page.locator("#counter").innerText()).toBe("1 character left");
  });

  it("has no serious or critical accessibility violation (axe-core), in light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      // The policy forbids the inline script axe is injected as; this context alone ignores it.
      const { page } = await openPage({ width: 1440, height: 1000 }, { bypassCSP: true });
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      await analyse(page, MIXED);
      await page.locator("#result").waitFor({ state: "visible" });
      await page.locator("#key-box summary").click();
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate<Array<{ id: string; impact: string; nodes: number }>>(
        "axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))",
      );
      expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), colorScheme).toEqual([]);
      if (colorScheme === "dark") await page.screenshot({ path: join(OUTPUT, "try-dark.png"), fullPage: true });
    }
  });
});
