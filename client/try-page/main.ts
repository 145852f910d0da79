// The try-it page at /try: a client of the public API like any other (persisted operations of the
// generated client, no private endpoint). Plain DOM, no framework: one form and one result view do
// not earn a framework's weight (the whole page, JS and CSS, is a few kilobytes gzipped).
import { API_LIMITS } from "@sentiment/schema/limits";
import { passesTextMinimum } from "@sentiment/schema/text-rules";
import { ApiError, createApi, type Sentiment, type SentimentLabel } from "./api.js";
import { describeFailure, type ErrorContext } from "./error-messages.js";
import { EXAMPLES } from "./examples.js";
import { characterCount, describeWeight, layout, tintStrength } from "./segments.js";

// The API's text limits: the counter informs, the API decides.
const MIN_CHARS = API_LIMITS.reviewText.min;
const MAX_CHARS = API_LIMITS.reviewText.max;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const ui = {
  form: byId<HTMLFormElement>("analyse-form"),
  text: byId<HTMLTextAreaElement>("text"),
  counter: byId("counter"),
  top: byId<HTMLInputElement>("top"),
  topValue: byId<HTMLOutputElement>("top-value"),
  analyse: byId<HTMLButtonElement>("analyse"),
  examples: byId("examples"),
  keyBox: byId<HTMLDetailsElement>("key-box"),
  keyForm: byId<HTMLFormElement>("key-form"),
  key: byId<HTMLInputElement>("key"),
  keyStatus: byId("key-status"),
  error: byId("error"),
  placeholder: byId("placeholder"),
  result: byId("result"),
  announce: byId("announce"),
  label: byId("label"),
  mixed: byId("mixed"),
  mixedNote: byId("mixed-note"),
  bar: byId("bar"),
  barFill: byId("bar-fill"),
  barCaption: byId("bar-caption"),
  modelVersion: byId("model-version"),
  correct: byId<HTMLButtonElement>("correct"),
  wrong: byId<HTMLButtonElement>("wrong"),
  feedbackStatus: byId("feedback-status"),
  rendered: byId("rendered"),
  sentences: byId("sentences"),
  words: byId("words"),
};

// The key lives here and nowhere else: not in localStorage, sessionStorage, cookies or the URL.
let apiKey: string | null = null;
const api = createApi("/graphql", () => apiKey);

interface Shown {
  text: string;
  sentiment: Sentiment;
}
let shown: Shown | null = null;
let pendingFeedback: { text: string; label: SentimentLabel; what: string } | null = null;
let requestSerial = 0;

const labelWord = (label: SentimentLabel) => (label === "POSITIVE" ? "Positive" : "Negative");
const opposite = (label: SentimentLabel): SentimentLabel => (label === "POSITIVE" ? "NEGATIVE" : "POSITIVE");
const percent = (p: number) => `${(p * 100).toFixed(1)} %`;

function errorContext(action: ErrorContext["action"]): ErrorContext {
  return { action, length: characterCount(ui.text.value), max: MAX_CHARS, min: MIN_CHARS, hasKey: apiKey !== null };
}

function updateCounter(): void {
  const left = MAX_CHARS - characterCount(ui.text.value);
  const characters = (n: number) => `${n.toLocaleString("en")} character${n === 1 ? "" : "s"}`;
  ui.counter.textContent = left >= 0 ? `${characters(left)} left` : `${characters(-left)} over the limit`;
  ui.counter.classList.toggle("over", left < 0);
}

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? "";
}

function setTint(element: HTMLElement, positiveProbability: number): void {
  element.classList.add(positiveProbability >= 0.5 ? "pos" : "neg");
  element.style.setProperty("--strength", tintStrength(positiveProbability).toFixed(3));
}

function render({ text, sentiment }: Shown): void {
  ui.placeholder.hidden = true;
  ui.result.hidden = false;
  ui.label.textContent = labelWord(sentiment.label);
  ui.label.className = `label ${sentiment.label === "POSITIVE" ? "pos" : "neg"}`;
  ui.mixed.hidden = !sentiment.mixed;
  ui.mixedNote.hidden = !sentiment.mixed;
  const p = sentiment.positiveProbability;
  ui.bar.setAttribute("aria-valuenow", (p * 100).toFixed(1));
  ui.bar.setAttribute("aria-valuetext", `${percent(p)} probability of positive`);
  ui.barFill.style.setProperty("--p", p.toFixed(4));
  ui.barCaption.textContent = `${percent(sentiment.score / 100)} confident it is ${sentiment.label.toLowerCase()} · probability of positive ${p.toFixed(3)}`;
  ui.modelVersion.textContent = sentiment.modelVersion;
  ui.feedbackStatus.textContent = "";
  // One short announcement for screen readers instead of the whole result being read out.
  ui.announce.textContent = `${labelWord(sentiment.label)}, ${percent(sentiment.score / 100)} confident${sentiment.mixed ? ", mixed" : ""}. ${sentiment.sentences.length} sentence${sentiment.sentences.length === 1 ? "" : "s"}.`;

  const strongest = Math.max(1e-9, ...sentiment.explanation.map((w) => Math.abs(w.weight)));
  const blocks = layout(text, sentiment.sentences, sentiment.explanation);
  const drawn: Node[] = [];
  for (const block of blocks) {
    if (block.kind === "gap") {
      drawn.push(document.createTextNode(block.text));
      continue;
    }
    const sentence = el("span", { class: "sentence", "data-index": String(block.index), "data-start": String(block.start), "data-end": String(block.end) });
    setTint(sentence, block.positiveProbability);
    for (const piece of block.pieces) {
      if (piece.kind === "text") {
        sentence.append(piece.text);
        continue;
      }
      const tipId = `tip-${piece.rank}`;
      const word = el(
        "span",
        { class: `word ${piece.weight >= 0 ? "pos" : "neg"}`, tabindex: "0", "aria-describedby": tipId, "data-start": String(piece.start), "data-end": String(piece.end), "data-weight": String(piece.weight) },
        el("span", { class: "w" }, piece.text),
        el("span", { class: "tip", role: "tooltip", id: tipId }, describeWeight(piece.weight)),
      );
      word.style.setProperty("--weight", (Math.abs(piece.weight) / strongest).toFixed(3));
      sentence.append(word);
    }
    drawn.push(sentence);
  }
  ui.rendered.replaceChildren(...drawn);

  ui.sentences.replaceChildren(
    ...sentiment.sentences.map((s, i) => {
      const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
      setTint(swatch, s.positiveProbability);
      const item = el(
        "li",
        {},
        swatch,
        el("span", { class: "sentence-text" }, s.text),
        el("span", { class: "note" }, ` ${labelWord(s.label)}, probability of positive ${s.positiveProbability.toFixed(3)}`),
      );
      // Feedback on a sentence stores the sentence as a text: one the API would refuse ("Ok.",
      // "123.") gets no buttons rather than an error about a text the person did not type.
      if (passesTextMinimum(s.text, MIN_CHARS)) {
        item.append(
          el(
            "span",
            { class: "sentence-feedback", role: "group", "aria-label": `Is “${labelWord(s.label)}” right for sentence ${i + 1}?` },
            el("button", { type: "button", "data-sentence": String(i), "data-verdict": "correct" }, "Correct"),
            el("button", { type: "button", "data-sentence": String(i), "data-verdict": "wrong" }, "Wrong"),
          ),
        );
      }
      return item;
    }),
  );
  ui.words.replaceChildren(
    ...sentiment.explanation.map((w) => el("li", {}, el("span", { class: `word-name ${w.weight >= 0 ? "pos" : "neg"}` }, w.word), ` ${describeWeight(w.weight)}`)),
  );
}

async function analyse(): Promise<void> {
  const serial = ++requestSerial;
  ui.analyse.disabled = true;
  ui.analyse.textContent = "Analysing…";
  showError(null);
  try {
    const analysis = await api.analyze(ui.text.value, Number(ui.top.value));
    if (serial !== requestSerial) return;
    shown = { text: analysis.text, sentiment: analysis.sentiment };
    render(shown);
  } catch (error) {
    if (serial !== requestSerial) return;
    if (!(error instanceof ApiError)) throw error;
    // The result of the previous text must not stay beside this text's error: its feedback
    // buttons would rate a text that is no longer in the box.
    shown = null;
    ui.result.hidden = true;
    ui.placeholder.hidden = false;
    showError(describeFailure(error.failure, errorContext("analyse")));
    if (error.failure.code === "UNAUTHENTICATED") askForKey();
  } finally {
    if (serial === requestSerial) {
      ui.analyse.disabled = false;
      ui.analyse.textContent = "Analyse";
    }
  }
}

function askForKey(): void {
  ui.keyBox.open = true;
  ui.key.focus();
}

async function sendFeedback(text: string, label: SentimentLabel, what: string): Promise<void> {
  if (!apiKey) {
    pendingFeedback = { text, label, what };
    ui.feedbackStatus.textContent = "Feedback is kept per person, so it needs an API key: enter yours under “Your API key”, and the feedback is sent once you press “Use this key”.";
    askForKey();
    return;
  }
  ui.feedbackStatus.textContent = "Sending your feedback…";
  try {
    const stored = await api.submitFeedback(text, label);
    pendingFeedback = null;
    ui.feedbackStatus.textContent = `Thank you: stored that ${what} is ${labelWord(stored.label).toLowerCase()} (the model, ${stored.modelVersion}, said ${labelWord(stored.modelLabel).toLowerCase()}).`;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.failure.code === "UNAUTHENTICATED") pendingFeedback = { text, label, what };
    ui.feedbackStatus.textContent = describeFailure(error.failure, errorContext("feedback"));
  }
}

function onVerdict(event: Event): void {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-verdict]");
  if (!button || !shown) return;
  const right = button.dataset.verdict === "correct";
  const index = button.dataset.sentence;
  if (index === undefined) {
    const label = right ? shown.sentiment.label : opposite(shown.sentiment.label);
    void sendFeedback(shown.text, label, "the whole text");
    return;
  }
  const sentence = shown.sentiment.sentences[Number(index)];
  if (!sentence) return;
  void sendFeedback(sentence.text, right ? sentence.label : opposite(sentence.label), `sentence ${Number(index) + 1}`);
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  void analyse();
});
ui.text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.text.addEventListener("input", updateCounter);
ui.top.addEventListener("input", () => {
  ui.topValue.textContent = ui.top.value;
});
// A new number of words re-reads the same text once the person lets go of the slider.
ui.top.addEventListener("change", () => {
  if (shown) void analyse();
});
ui.keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey = ui.key.value.trim() || null;
  ui.keyStatus.textContent = apiKey ? "Key kept in this tab's memory." : "No key: requests go without one.";
  const pending = pendingFeedback;
  if (apiKey && pending) void sendFeedback(pending.text, pending.label, pending.what);
});
ui.correct.addEventListener("click", onVerdict);
ui.wrong.addEventListener("click", onVerdict);
ui.sentences.addEventListener("click", onVerdict);
ui.examples.replaceChildren(
  ...EXAMPLES.map((example) => {
    const button = el("button", { type: "button", class: "example" }, example.name);
    button.addEventListener("click", () => {
      ui.text.value = example.text;
      updateCounter();
      void analyse();
    });
    return el("li", {}, button);
  }),
);
updateCounter();
