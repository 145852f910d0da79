// The compose files and the documented compose example (docs/deploy.md), checked offline (the compose smoke test,
// `npm run test:deploy`, runs them for real): the image is tagged with this version unless
// SENTIMENT_IMAGE_TAG says otherwise, and the example sends an operation id exactly as the
// persisted-operations manifest lists it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../../scripts/stack.js";
import { COMPOSE_EXAMPLE_DOC, composeExample } from "./readme-compose-example.js";

const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const imagesOf = (file: string) => {
  const compose = parse(readFileSync(join(ROOT, "deploy", file), "utf8"), { merge: true }) as { services: Record<string, { image?: string; build?: unknown }> };
  return Object.entries(compose.services).filter(([, service]) => service.build !== undefined).map(([name, service]) => [name, service.image] as const);
};

describe("the compose files", () => {
  it.each(["compose.yaml", "compose.scale.yaml"])("%s tags the image it builds with package.json's version, SENTIMENT_IMAGE_TAG to override", (file) => {
    const built = imagesOf(file).filter(([name]) => ["gateway", "reviews", "ml"].includes(name));
    expect(built.map(([name]) => name).sort()).toEqual(["gateway", "ml", "reviews"]);
    for (const [, image] of built) expect(image).toBe(`sentiment-graph:\${SENTIMENT_IMAGE_TAG:-${version}}`);
  });
});

type ComposeService = { environment?: Record<string, string>; volumes?: string[]; networks?: string[]; depends_on?: Record<string, { condition: string }> };
const composeFile = (file: string) => parse(readFileSync(join(ROOT, "deploy", file), "utf8"), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

describe.each(["compose.yaml", "compose.scale.yaml"])("%s wires the model rollout", (file) => {
  const { services, volumes } = composeFile(file);
  const ml = services.ml as ComposeService;
  const reviews = services.reviews as ComposeService;

  it("ML reads the rollout state at reviews' GraphQL URL, signed with the secret reviews is given", () => {
    expect(ml.environment?.ROLLOUT_URL).toBe(`http://reviews:${reviews.environment?.REVIEWS_PORT}/graphql`);
    expect(ml.environment?.ROLLOUT_SECRET).toBe(reviews.environment?.SUBGRAPH_SECRET);
    expect(ml.environment?.ROLLOUT_SECRET).toBe("${REVIEWS_SUBGRAPH_SECRET:-}");
  });

  it("MODEL_DIR is the ml-models volume (or ML_MODELS_DIR), mounted read-only", () => {
    expect(ml.volumes).toContain(`\${ML_MODELS_DIR:-ml-models}:${ml.environment?.MODEL_DIR}:ro`);
    expect(Object.keys(volumes)).toContain("ml-models");
  });

  it("ML runs with the glibc memory settings the Kubernetes ML config gives it", () => {
    const k8s = readFileSync(join(ROOT, "deploy/k8s/base/config/ml.env"), "utf8").split("\n").filter((line) => line.startsWith("MALLOC_"));
    expect(k8s).toHaveLength(3);
    expect(Object.entries(ml.environment ?? {}).filter(([name]) => name.startsWith("MALLOC_")).map(([name, value]) => `${name}=${value}`)).toEqual(k8s);
  });

  it("ML starts once reviews is healthy, on a network they share", () => {
    expect(ml.depends_on?.reviews).toEqual({ condition: "service_healthy" });
    if (ml.networks) expect(ml.networks.filter((n) => reviews.networks?.includes(n))).not.toEqual([]);
  });
});

describe("the compose example of docs/deploy.md", () => {
  const example = composeExample(readFileSync(join(ROOT, COMPOSE_EXAMPLE_DOC), "utf8"));
  const manifest = JSON.parse(readFileSync(join(ROOT, "client/generated/persisted-documents.json"), "utf8")) as Record<string, string>;

  it("sends an operation id exactly as the manifest lists it", () => {
    const id = /"sha256Hash":"([^"]+)"/.exec(example)?.[1] as string;
    expect(Object.keys(manifest)).toContain(id);
    expect(manifest[id]).toMatch(/^query AnalyzeReview\(/);
  });

  it("sets KEY before it uses it", () => {
    expect(example.indexOf("export KEY=")).toBeGreaterThanOrEqual(0);
    expect(example.indexOf("export KEY=")).toBeLessThan(example.indexOf("$KEY"));
  });
});
