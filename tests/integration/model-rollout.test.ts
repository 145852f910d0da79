// A model rollout end to end, through the gateway, with real processes: the reviews service (its
// SQLite store keeps the rollout state), two ML replicas behind a round-robin balancer (each reads
// the state every ROLLOUT_POLL_MS), the committed model serving and a candidate trained for the
// suite (a small configuration, so it answers differently). Shadow, canary, promotion under load,
// rollback under load, and the refusals of setModelRollout.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKey } from "@sentiment/gateway/api-keys";
import { REQUEST_ID_HEADER, signForSubgraph } from "@sentiment/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricSum, metricValue } from "../../scripts/prometheus-text.js";
import { ROOT, startStack, type Stack } from "../../scripts/stack.js";
import { freePort } from "../support/free-port.js";
import { graphql } from "../support/graphql-client.js";
import { startMlReplica, type MlReplica } from "../support/ml-replica.js";
import { RoundRobinProxy } from "../support/round-robin-proxy.js";
import { tinyTrainingData } from "../support/tiny-training-data.js";
import { pollUntil } from "../support/until.js";

const BROKEN = "lr-nc-b40ce0000000";
const RENAMED = "lr-nc-0de0a0000000";
const ANALYSE = "query Analyse($text: String!) { analyzeReview(text: $text) { sentiment { label positiveProbability modelVersion } } }";
const SET = "mutation Set($version: String!, $mode: ModelRolloutMode!, $share: Float) { setModelRollout(version: $version, mode: $mode, share: $share) { version mode share updatedBy } }";

const SUBJECTS = ["kettle", "film", "hotel room", "phone", "novel", "blender", "laptop", "concert", "meal", "app"];
const OPINIONS = ["was lovely", "was dreadful", "felt flimsy", "worked perfectly", "broke within a week", "exceeded every hope", "was merely fine", "left me cold", "made my day", "wasted my money"];
const CODAS = ["", " Would recommend.", " Never again.", " Mixed feelings overall.", " Five stars from me.", " Sent it back.", " Good value.", " Too loud.", " Quite charming.", " A letdown."];

/** The i-th of 1,000 distinct review texts. */
const textOf = (i: number) => `The ${SUBJECTS[i % 10]} ${OPINIONS[Math.floor(i / 10) % 10]}.${CODAS[Math.floor(i / 100) % 10]} (${Math.floor(i / 1000) + 1})`;

interface Answer {
  label: string;
  positiveProbability: number;
  modelVersion: string;
}

/** Runs `count` tasks, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

function trainCandidate(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "model/src/cli/train.ts", "--data", tinyTrainingData(), "--out", out], { cwd: ROOT, stdio: "ignore" });
    child.on("close", (status) => (status === 0 ? resolve() : reject(new Error(`training the candidate exited with ${status}`))));
  });
}

const versionIn = (dir: string) => (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { version: string }).version;

describe("model rollout through the gateway, two ML replicas", () => {
  let stack: Stack;
  let proxy: RoundRobinProxy;
  let second: MlReplica;
  let secondStarting: Promise<MlReplica> | undefined;
  let mlEnv: Record<string, string>;
  let modelsDir: string;
  let serving: string;
  let candidate: string;
  let canaryCallers: string[];
  let loadCallers: string[];
  const secrets = { reviews: randomBytes(36).toString("base64url"), ml: randomBytes(36).toString("base64url") };

  const asKey = (key: string) => ({ authorization: `Bearer ${key}` });
  const analyse = async (text: string, key: string): Promise<{ answer: Answer | null; failure: unknown }> => {
    const { status, body } = await graphql<{ analyzeReview: { sentiment: Answer | null } }>(stack.gatewayUrl, ANALYSE, { text }, asKey(key));
    const answer = body.data?.analyzeReview.sentiment ?? null;
    return { answer, failure: status !== 200 || body.errors !== undefined || answer === null ? { status, errors: body.errors } : null };
  };
  const setRollout = (variables: { version: string; mode: string; share?: number }, key = stack.keys.admin) => graphql<{ setModelRollout: Array<{ version: string; mode: string; share: number }> }>(stack.gatewayUrl, SET, variables, asKey(key));

  /** Asks one ML replica directly, with a request signed as the gateway signs it for `subject`. */
  const askReplica = async <T>(replicaUrl: string, subject: string, query: string): Promise<T | undefined> => {
    const body = JSON.stringify({ query });
    const requestId = randomUUID();
    const response = await fetch(`${replicaUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...signForSubgraph(secrets.ml, { subject, role: "reader" }, { method: "POST", path: "/graphql", body, requestId }) },
      body,
    });
    return ((await response.json()) as { data?: T }).data;
  };
  /** The version one replica answers a text with. */
  const answeredBy = async (replicaUrl: string, subject: string): Promise<string | null> => {
    const data = await askReplica<{ _entities: Array<{ sentiment: { modelVersion: string } }> }>(replicaUrl, subject, `{ _entities(representations: [{ __typename: "TextAnalysis", text: "A quiet and pleasant stay." }]) { ... on TextAnalysis { sentiment { modelVersion } } } }`);
    return data?._entities[0]?.sentiment.modelVersion ?? null;
  };
  /** The versions one replica has loaded, with their mode and share. */
  const replicaVersions = async (replicaUrl: string): Promise<Array<{ version: string; mode: string; share: number }>> =>
    (await askReplica<{ modelInfo: { versions: Array<{ version: string; mode: string; share: number }> } }>(replicaUrl, "test:observer", "{ modelInfo { versions { version mode share } } }"))?.modelInfo.versions ?? [];
  const replicas = () => [stack.urls.ml, second.url];
  /** Waits until every replica reports `version` in `mode`. */
  const applied = (version: string, mode: string) =>
    pollUntil(
      async () => {
        const views = await Promise.all(replicas().map((url) => replicaVersions(url)));
        return views.every((versions) => versions.some((v) => v.version === version && v.mode === mode));
      },
      `every replica to put ${version} in ${mode}`,
      15_000,
      100,
    );
  const metricsOf = async () => Promise.all([stack.metricsUrls.ml, second.metricsUrl].map(async (url) => (await fetch(url)).text()));

  beforeAll(async () => {
    const models = mkdtempSync(join(tmpdir(), "rollout-models-"));
    modelsDir = models;
    mkdirSync(join(models, "candidate"));
    await trainCandidate(join(models, "candidate"));
    candidate = versionIn(join(models, "candidate"));
    // A model directory whose file onnxruntime cannot load (its manifest matches its bytes).
    mkdirSync(join(models, "broken"));
    const garbage = Buffer.from("not an ONNX graph at all");
    writeFileSync(join(models, "broken", "sentiment.onnx"), garbage);
    const manifest = JSON.parse(readFileSync(join(models, "candidate", "manifest.json"), "utf8")) as { version: string; artifact: { sha256: string; bytes: number } };
    writeFileSync(join(models, "broken", "manifest.json"), JSON.stringify({ ...manifest, version: BROKEN, artifact: { ...manifest.artifact, sha256: createHash("sha256").update(garbage).digest("hex"), bytes: garbage.length } }));
    // And one that loads but breaks the contract: its output is named otherwise (a same-length
    // name, so the graph stays valid).
    mkdirSync(join(models, "renamed"));
    const renamed = Buffer.from(readFileSync(join(models, "candidate", "sentiment.onnx")).toString("latin1").replaceAll("probabilities", "probabilitiez"), "latin1");
    writeFileSync(join(models, "renamed", "sentiment.onnx"), renamed);
    writeFileSync(join(models, "renamed", "manifest.json"), JSON.stringify({ ...manifest, version: RENAMED, artifact: { ...manifest.artifact, sha256: createHash("sha256").update(renamed).digest("hex"), bytes: renamed.length } }));
    serving = versionIn(join(ROOT, "model/artifacts"));
    const [reviewsPort, firstMl, secondMl] = [await freePort(), await freePort(), await freePort()];
    proxy = await RoundRobinProxy.start([firstMl, secondMl]);
    mlEnv = {
      MODEL_DIR: models,
      ROLLOUT_URL: `http://127.0.0.1:${reviewsPort}/graphql`,
      ROLLOUT_SECRET: secrets.reviews,
      ROLLOUT_POLL_MS: "500",
      // A caller's number not read in time would leave it on the serving model for that request
      // (and move it later): on a busy machine, give the read time rather than test the fallback.
      ROLLOUT_TIMEOUT_MS: "10000",
      // Every answer comes from a model run, so an answer unchanged under shadow was computed again.
      ML_OUTPUT_CACHE_ENTRIES: "0",
      LOG_LEVEL: "info",
      DRAIN_WINDOW_MS: "0",
    };
    // Ready only once it has read the rollout state from reviews, which the stack starts.
    secondStarting = startMlReplica({ ...mlEnv, SUBGRAPH_SECRET: secrets.ml }, secondMl);
    secondStarting.catch(() => undefined);
    stack = await startStack({
      ports: { gateway: 0, reviews: reviewsPort, ml: firstMl, metrics: 0, reviewsMetrics: 0, mlMetrics: 0 },
      output: "collect",
      throwAwayKeys: true,
      env: {
        ...mlEnv,
        REVIEWS_SECRET: secrets.reviews,
        ML_SECRET: secrets.ml,
        // The gateway and the reviews service reach ML through the balancer.
        ML_URL: `http://127.0.0.1:${proxy.port}/graphql`,
        SQLITE_PATH: join(mkdtempSync(join(tmpdir(), "rollout-store-")), "reviews.db"),
        RATE_LIMIT_PER_CALLER: "1000000",
        RATE_LIMIT_PER_ADDRESS: "1000000",
      },
    });
    // Created before any request: the gateway reads the key file again when it changes, and keys
    // written within one tick of the file's clock after a read would go unseen.
    second = await secondStarting;
    canaryCallers = Array.from({ length: 50 }, (_, i) => createKey(stack.keysPath as string, `canary-caller-${i}`, "reader").key);
    loadCallers = Array.from({ length: 8 }, (_, i) => createKey(stack.keysPath as string, `load-caller-${i}`, "reader").key);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await (second ?? (await secondStarting?.catch(() => undefined)))?.stop();
    await proxy?.close();
  });

  it("lists both versions on every replica, the committed model serving and the candidate retired; a file that cannot load, or breaks the model contract, is refused and named in the log", async () => {
    expect(candidate).not.toBe(serving);
    for (const output of [stack.services.get("ml")?.output ?? [], second.output]) {
      expect(output.join("")).toMatch(/onnxruntime cannot load .*broken.*"msg":"model refused: it takes no traffic"/);
      expect(output.join("")).toMatch(/renamed.*lacks the input \\"text\\" or the output \\"probabilities\\".*"msg":"model refused: it takes no traffic"/);
    }
    for (const url of replicas()) {
      expect(await replicaVersions(url)).toEqual([
        { version: serving, mode: "SERVING", share: 100 },
        { version: candidate, mode: "RETIRED", share: 0 },
      ]);
    }
  });

  it("refuses a rollout that cannot be applied with BAD_USER_INPUT naming the argument, and a reader with FORBIDDEN", async () => {
    const refusal = async (variables: { version: string; mode: string; share?: number }, key?: string) => {
      const { body } = await setRollout(variables, key);
      return { code: body.errors?.[0]?.extensions?.code, field: body.errors?.[0]?.extensions?.field, message: body.errors?.[0]?.message };
    };
    expect(await refusal({ version: "lr-nc-000000000000", mode: "CANARY", share: 10 })).toMatchObject({ code: "BAD_USER_INPUT", field: "version", message: expect.stringContaining(candidate) });
    expect(await refusal({ version: BROKEN, mode: "SHADOW", share: 10 })).toMatchObject({ code: "BAD_USER_INPUT", field: "version" });
    expect(await refusal({ version: candidate, mode: "CANARY", share: 101 })).toMatchObject({ code: "BAD_USER_INPUT", field: "share" });
    expect(await refusal({ version: candidate, mode: "SHADOW", share: -1 })).toMatchObject({ code: "BAD_USER_INPUT", field: "share" });
    expect(await refusal({ version: candidate, mode: "CANARY" })).toMatchObject({ code: "BAD_USER_INPUT", field: "share" });
    expect(await refusal({ version: serving, mode: "RETIRED" })).toMatchObject({ code: "BAD_USER_INPUT", field: "mode", message: expect.stringContaining("no version serving") });
    expect(await refusal({ version: candidate, mode: "CANARY", share: 10 }, stack.keys.reader)).toMatchObject({ code: "FORBIDDEN" });
    const { body } = await graphql(stack.gatewayUrl, "{ modelRollout { version } }", {}, asKey(stack.keys.admin));
    expect(body).toEqual({ data: { modelRollout: [] } });
  });

  it("shadow at 100 % for 1,000 requests: every answer is the serving model's, unchanged, and the agreement is in /metrics", async () => {
    const texts = Array.from({ length: 1_000 }, (_, i) => textOf(i));
    const before = new Map<string, Answer>();
    await inParallel(texts.length, 8, async (i) => {
      const { answer, failure } = await analyse(texts[i] as string, stack.keys.reader);
      expect(failure).toBeNull();
      before.set(texts[i] as string, answer as Answer);
    });
    const { body } = await setRollout({ version: candidate, mode: "SHADOW", share: 100 });
    expect(body.data?.setModelRollout).toContainEqual({ version: candidate, mode: "SHADOW", share: 100, updatedBy: expect.stringMatching(/^apikey:/) });
    await applied(candidate, "SHADOW");
    const changed: unknown[] = [];
    await inParallel(texts.length, 8, async (i) => {
      const text = texts[i] as string;
      const { answer, failure } = await analyse(text, stack.keys.reader);
      expect(failure).toBeNull();
      const first = before.get(text) as Answer;
      // To float32 precision: a run's sums depend a little on the batch a text shares, with or without shadow.
      if (answer?.label !== first.label || answer.modelVersion !== first.modelVersion || Math.abs(answer.positiveProbability - first.positiveProbability) > 1e-6) changed.push({ text, before: first, after: answer });
    });
    expect(changed).toEqual([]);
    expect([...before.values()].every((a) => a.modelVersion === serving)).toBe(true);
    // Shadow work runs when no request waits: once the load stops, the replicas catch up.
    const compared = async () => (await metricsOf()).reduce((sum, text) => sum + metricSum(text, "model_shadow_compared_total", { version: candidate }), 0);
    await pollUntil(async () => (await compared()) > 0, "shadow comparisons", 15_000, 100);
    const metrics = await metricsOf();
    const agreements = metrics.map((text) => metricValue(text, "model_shadow_agreement", { version: candidate })).filter((value) => value !== undefined);
    expect(agreements.length).toBeGreaterThan(0);
    expect(agreements.every((a) => a >= 0 && a <= 1)).toBe(true);
    expect(metrics.map((text) => metricValue(text, "model_version_share", { version: candidate, mode: "SHADOW" }))).toEqual([100, 100]);
  }, 300_000);

  it("canary at 10 %: of 2,000 requests from 50 callers the candidate answers 10 ± 3 %, each caller always by the same version", async () => {
    await setRollout({ version: candidate, mode: "RETIRED" });
    const { body } = await setRollout({ version: candidate, mode: "CANARY", share: 10 });
    expect(body.errors).toBeUndefined();
    await applied(candidate, "CANARY");
    const callers = canaryCallers;
    const seen = new Map<number, Set<string>>();
    let byCandidate = 0;
    await inParallel(2_000, 16, async (i) => {
      const caller = i % 50;
      const { answer, failure } = await analyse(textOf(i), callers[caller] as string);
      expect(failure).toBeNull();
      const version = (answer as Answer).modelVersion;
      if (version === candidate) byCandidate += 1;
      seen.set(caller, (seen.get(caller) ?? new Set()).add(version));
    });
    expect([...seen.values()].filter((versions) => versions.size !== 1)).toEqual([]);
    expect(byCandidate / 2_000).toBeGreaterThanOrEqual(0.07);
    expect(byCandidate / 2_000).toBeLessThanOrEqual(0.13);
    // One caller's batch of texts is one _entities call: one model run, of that caller's version.
    const onCandidate = callers.findIndex((_, i) => seen.get(i)?.has(candidate));
    const runs = async (version: string) => (await metricsOf()).reduce((sum, text) => sum + metricSum(text, "model_version_run_duration_seconds_count", { version, path: "answer" }), 0);
    const texts = async (version: string) => (await metricsOf()).reduce((sum, text) => sum + metricSum(text, "model_version_texts_total", { version }), 0);
    const before = await runs(candidate);
    const textsBefore = await texts(candidate);
    const batch = await graphql<{ analyzeReviews: Array<{ sentiment: Answer }> }>(stack.gatewayUrl, "query ($texts: [String!]!) { analyzeReviews(texts: $texts) { sentiment { modelVersion } } }", { texts: Array.from({ length: 20 }, (_, i) => textOf(2_000 + i)) }, asKey(callers[onCandidate] as string));
    expect(new Set(batch.body.data?.analyzeReviews.map((a) => a.sentiment.modelVersion))).toEqual(new Set([candidate]));
    expect((await runs(candidate)) - before).toBe(1);
    // The per-version count is of texts (20 here), not of requests.
    expect((await texts(candidate)) - textsBefore).toBe(20);
    // Feedback records the version that answered its caller, and the reviews metrics count it per version.
    const feedback = await graphql<{ submitFeedback: { modelVersion: string } }>(stack.gatewayUrl, "mutation ($text: String!) { submitFeedback(input: { text: $text, label: POSITIVE }) { modelVersion } }", { text: textOf(2_100) }, asKey(callers[onCandidate] as string));
    expect(feedback.body.data?.submitFeedback.modelVersion).toBe(candidate);
    const reviewsMetrics = await (await fetch(stack.metricsUrls.reviews)).text();
    expect(metricValue(reviewsMetrics, "feedback_by_model_version", { model_version: candidate })).toBe(1);
    expect(metricValue(reviewsMetrics, "feedback_agreement", { model_version: candidate })).toBeGreaterThanOrEqual(0);
  }, 300_000);

  /** Keeps the load callers sending requests until stopped; counts the answers and keeps the failures. */
  const underLoad = () => {
    const keys = loadCallers;
    const failures: unknown[] = [];
    const versions = new Map<string, number>();
    let running = true;
    let sent = 0;
    const done = Promise.all(
      keys.map(async (key) => {
        while (running) {
          const { answer, failure } = await analyse(textOf(sent++ % 1_000), key);
          if (failure) failures.push(failure);
          else versions.set((answer as Answer).modelVersion, (versions.get((answer as Answer).modelVersion) ?? 0) + 1);
        }
      }),
    );
    return {
      failures,
      versions,
      answered: () => [...versions.values()].reduce((a, b) => a + b, 0),
      stop: async () => {
        running = false;
        await done;
      },
    };
  };

  it("promotes the candidate under load: no request fails, and every replica answers with it", async () => {
    const load = underLoad();
    await pollUntil(() => load.answered() >= 50, "the load to start", 30_000, 10);
    const { body } = await setRollout({ version: candidate, mode: "SERVING" });
    expect(body.data?.setModelRollout.map(({ version, mode }) => ({ version, mode }))).toEqual(
      [
        { version: candidate, mode: "SERVING" },
        { version: serving, mode: "RETIRED" },
      ].sort((a, b) => (a.version < b.version ? -1 : 1)),
    );
    await pollUntil(async () => (await Promise.all(replicas().map((url) => answeredBy(url, "test:anyone")))).every((v) => v === candidate), "every replica to answer with the candidate", 15_000, 50);
    const atSwitch = load.answered();
    await pollUntil(() => load.answered() >= atSwitch + 100, "100 answers after the promotion", 60_000, 10);
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.versions.get(candidate)).toBeGreaterThan(0);
  }, 120_000);

  it("keeps the promoted version across a replica's restart: the state is the store's", async () => {
    await second.stop();
    second = await startMlReplica({ ...mlEnv, SUBGRAPH_SECRET: secrets.ml }, Number(new URL(second.url).port));
    expect(await answeredBy(second.url, "test:anyone")).toBe(candidate);
  }, 120_000);

  it("reloads the model directory on SIGHUP and keeps the rollout; a second file of a loaded version is refused", async () => {
    cpSync(join(modelsDir, "candidate"), join(modelsDir, "candidate-copy"), { recursive: true });
    const reloaded = () => second.output.join("").includes('"msg":"model reloaded"');
    second.process.kill("SIGHUP");
    await pollUntil(reloaded, 'the replica to log "model reloaded"', 30_000, 20);
    expect(second.output.join("")).toMatch(/candidate-copy.*"msg":"model refused: another file of the same version is loaded"/);
    expect(await answeredBy(second.url, "test:anyone")).toBe(candidate);
    expect((await replicaVersions(second.url)).map((v) => v.mode)).toEqual(["SERVING", "RETIRED"]);
  }, 120_000);

  it("keeps serving when MODEL_DIR has gone at a SIGHUP, and says the reload failed", async () => {
    const failed = () => second.output.join("").includes("model reload failed; still serving the previous models");
    renameSync(modelsDir, `${modelsDir}-away`);
    try {
      second.process.kill("SIGHUP");
      await pollUntil(failed, 'the replica to log "model reload failed"', 30_000, 20);
      expect(second.process.exitCode).toBeNull();
      expect(await answeredBy(second.url, "test:anyone")).toBe(candidate);
    } finally {
      renameSync(`${modelsDir}-away`, modelsDir);
    }
  }, 120_000);

  it("keeps the last state read while the reviews service is down, and reads it again once it is back", async () => {
    const outputs = () => [stack.services.get("ml")?.output ?? [], second.output];
    const times = (phrase: string) => outputs().map((output) => output.join("").split(phrase).length - 1);
    const grew = (phrase: string, before: number[]) => times(phrase).every((count, i) => count > (before[i] as number));
    const [keeping, reading] = ["cannot read the rollout state; keeping the last one read", "rollout state readable again"];
    const keptBefore = times(keeping);
    await stack.kill("reviews");
    // A replica that starts meanwhile has read no state: it is not ready until it has.
    let starting: MlReplica | undefined;
    try {
      await pollUntil(() => grew(keeping, keptBefore), "both replicas to say they keep the last state", 15_000, 50);
      for (const url of replicas()) expect(await answeredBy(url, "test:anyone")).toBe(candidate);
      starting = await startMlReplica({ ...mlEnv, SUBGRAPH_SECRET: secrets.ml }, await freePort(), false);
      const readiness = await fetch(`${starting.url}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toEqual({ status: "not ready", reason: "the rollout state has not been read yet from ROLLOUT_URL" });
    } finally {
      const readBefore = times(reading);
      await stack.start("reviews");
      await pollUntil(() => grew(reading, readBefore), "both replicas to read the state again", 15_000, 50);
    }
    try {
      const newcomer = starting as MlReplica;
      await pollUntil(async () => (await fetch(`${newcomer.url}/readyz`)).status === 200, "the new replica to be ready once it has read the state", 15_000, 50);
      expect(await answeredBy(newcomer.url, "test:anyone")).toBe(candidate);
    } finally {
      await starting?.stop();
    }
  }, 120_000);

  it("rolls back under load: no request fails, and the previous version answers again on every replica within 5 s", async () => {
    const load = underLoad();
    await pollUntil(() => load.answered() >= 50, "the load to start", 30_000, 10);
    const { body } = await setRollout({ version: serving, mode: "SERVING" });
    expect(body.errors).toBeUndefined();
    await pollUntil(async () => (await Promise.all(replicas().map((url) => answeredBy(url, "test:anyone")))).every((v) => v === serving), "every replica to answer with the previous version", 5_000, 50);
    const atSwitch = load.answered();
    await pollUntil(() => load.answered() >= atSwitch + 100, "100 answers after the rollback", 60_000, 10);
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.versions.get(serving)).toBeGreaterThan(0);
  }, 120_000);
});
