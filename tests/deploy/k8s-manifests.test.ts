// deploy/k8s, checked offline: each overlay rendered by kubectl's kustomize, every object
// validated against the Kubernetes API's schemas, and the platform rules of k8s-policy.ts held.
// Each rule is also shown to catch a rendered object bent to break it.
import { beforeAll, describe, expect, it } from "vitest";
import {
  danglingReferences,
  databaseReachableBeyondReviews,
  egressToAnyAddress,
  floatingImages,
  lacksLimits,
  lacksProbes,
  literalSecrets,
  metricsPublished,
  notHardened,
  rolloutDropsRequests,
  runsAsRoot,
  scraperReachesBeyondMetrics,
  selects,
  subgraphsReachableBeyondGateway,
  workloads,
  type Container,
  type Peer,
} from "./k8s-policy.js";
import { gatewayConfigSchema } from "@sentiment/gateway";
import { mlConfigSchema } from "@sentiment/ml";
import { reviewsConfigSchema } from "@sentiment/reviews";
import { configurationProblems, podEnvironment } from "./k8s-pod-env.js";
import { kustomizeVersion, OVERLAYS, render, type K8sObject, type Overlay } from "./k8s-render.js";
import { typeViolations, validatorViolations } from "./k8s-schema.js";

const rendered = new Map<Overlay, K8sObject[]>();

beforeAll(() => {
  kustomizeVersion();
  for (const overlay of OVERLAYS) rendered.set(overlay, render(overlay));
});

const objectsOf = (overlay: Overlay) => rendered.get(overlay) as K8sObject[];
/** A copy of the production overlay's objects, to bend. */
const production = () => structuredClone(objectsOf("production"));
const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
};
const containerOf = (objects: K8sObject[], name: string): Container => {
  const workload = workloads(objects).find((w) => w.metadata.name === name);
  if (!workload) throw new Error(`no workload ${name}`);
  return workload.spec.template.spec.containers[0] as Container;
};
type PolicySpec = { podSelector?: { matchLabels?: Record<string, string> }; ingress?: Array<{ from?: Peer[]; ports?: Array<{ port: number }> }>; egress?: Array<{ to?: Peer[]; ports?: Array<{ port: number }> }> };
const policySpec = (objects: K8sObject[], name: string) => find(objects, "NetworkPolicy", name).spec as PolicySpec;

describe("deploy/k8s rendered", () => {
  it("by a kustomize that knows components", () => {
    expect(kustomizeVersion()).toMatch(/^v[4-9]\./);
  });

  it.each(OVERLAYS)("%s: every object passes the Kubernetes API's schema validators", (overlay) => {
    expect(validatorViolations(objectsOf(overlay))).toEqual([]);
  });

  it("names only fields the API knows, with values of their types (every overlay)", () => {
    expect(typeViolations(OVERLAYS.flatMap(objectsOf))).toEqual([]);
  });

  it("fails the schema checks for a misspelt field, a wrong type and an unknown kind", () => {
    const objects = production();
    const container = containerOf(objects, "gateway") as Container & { readinesProbe?: unknown };
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    (find(objects, "Deployment", "ml").spec as { replicas: unknown }).replicas = "two";
    objects.push({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });
    expect(typeViolations(objects)).toEqual([
      expect.stringMatching(/^Deployment\/gateway: .*'readinesProbe' does not exist in type 'IContainer'/),
      expect.stringMatching(/^Deployment\/ml: Type 'string' is not assignable to type 'number'/),
    ]);
    expect(validatorViolations(objects)).toEqual([
      expect.stringMatching(/^Deployment\/ml: .*replicas must be integer/),
      expect.stringMatching(/^example.com\/v1 Widget\/w: no schema known/),
    ]);
  });

  it("dev runs PostgreSQL and Redis in its namespace; production runs neither and takes their URLs from Secrets", () => {
    const kinds = (overlay: Overlay) => workloads(objectsOf(overlay)).map((w) => `${w.kind}/${w.metadata.name}`).sort();
    expect(kinds("dev")).toEqual(["Deployment/gateway", "Deployment/ml", "Deployment/redis", "Deployment/reviews", "StatefulSet/postgres"]);
    expect(kinds("production")).toEqual(["Deployment/gateway", "Deployment/ml", "Deployment/reviews"]);
    const fromSecret = (name: string, variable: string) => containerOf(objectsOf("production"), name).env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
    expect(fromSecret("reviews", "DATABASE_URL")).toEqual({ name: "sentiment-database", key: "url" });
    expect(fromSecret("gateway", "REDIS_URL")).toEqual({ name: "sentiment-redis", key: "url" });
  });

  it("production-keda scales ML with a ScaledObject on inference_queue_depth instead of the CPU autoscaler; the others need no KEDA", () => {
    const keda = objectsOf("production-keda");
    const triggers = (find(keda, "ScaledObject", "ml").spec as { triggers: Array<{ type: string; metadata: { query?: string } }> }).triggers;
    expect(triggers.map((t) => t.type)).toEqual(["prometheus", "cpu"]);
    expect(triggers[0]?.metadata.query).toContain("inference_queue_depth");
    expect(keda.filter((o) => o.kind === "HorizontalPodAutoscaler").map((o) => o.metadata.name)).toEqual(["gateway"]);
    for (const overlay of ["dev", "production"] as const) {
      expect(objectsOf(overlay).filter((o) => o.apiVersion.startsWith("keda.sh/"))).toEqual([]);
      expect(objectsOf(overlay).filter((o) => o.kind === "HorizontalPodAutoscaler").map((o) => o.metadata.name).sort()).toEqual(["gateway", "ml"]);
    }
  });
});

/** Each program's configuration schema, and what it reads outside it (Node and Apollo read
 *  NODE_ENV, onnxruntime ORT_DISABLE_TELEMETRY, glibc its MALLOC_ tunables). */
const PROGRAMS = [
  { name: "gateway", schema: gatewayConfigSchema, readElsewhere: [] },
  { name: "reviews", schema: reviewsConfigSchema, readElsewhere: ["NODE_ENV"] },
  { name: "ml", schema: mlConfigSchema, readElsewhere: ["NODE_ENV", "ORT_DISABLE_TELEMETRY", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX"] },
] as const;

describe.each(OVERLAYS)("%s: each program accepts the environment its pod gets", (overlay) => {
  it.each(PROGRAMS)("$name", ({ name, schema, readElsewhere }) => {
    expect(configurationProblems(podEnvironment(objectsOf(overlay), name), schema, readElsewhere)).toEqual([]);
  });
});

it("a setting with a wrong value or a misspelt name is caught", () => {
  const objects = production();
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("gateway-config")) as K8sObject & { data: Record<string, string> };
  config.data.GATEWAY_PORT = "http";
  config.data.METRIC_PORT = "9464";
  expect(configurationProblems(podEnvironment(objects, "gateway"), gatewayConfigSchema, [])).toEqual([
    "GATEWAY_PORT: Expected number, received nan",
    "METRIC_PORT: not a setting of this program",
  ]);
});

describe.each(OVERLAYS)("%s follows the platform rules:", (overlay) => {
  it("no container may run as root", () => expect(runsAsRoot(objectsOf(overlay))).toEqual([]));
  it("every container has CPU and memory requests and limits", () => expect(lacksLimits(objectsOf(overlay))).toEqual([]));
  it("every container has a readiness and a liveness probe", () => expect(lacksProbes(objectsOf(overlay))).toEqual([]));
  it("read-only root filesystems, no privilege escalation, no capabilities, seccomp, no API token", () => expect(notHardened(objectsOf(overlay))).toEqual([]));
  it("only the gateway (and the metrics scraper) reaches the subgraphs", () => expect(subgraphsReachableBeyondGateway(objectsOf(overlay))).toEqual([]));
  it("only reviews reaches PostgreSQL", () => expect(databaseReachableBeyondReviews(objectsOf(overlay))).toEqual([]));
  it("no pod may reach any address: egress names its peers", () => expect(egressToAnyAddress(objectsOf(overlay))).toEqual([]));
  it("metrics have a port of their own, and the scraper reaches only that port", () => expect(scraperReachesBeyondMetrics(objectsOf(overlay))).toEqual([]));
  it("no Secret value is in the manifests", () => expect(literalSecrets(objectsOf(overlay))).toEqual([]));
  it("rollouts wait for the new pod and for the old one's drain", () => expect(rolloutDropsRequests(objectsOf(overlay))).toEqual([]));
  it("no Service publishes a metrics port", () => expect(metricsPublished(objectsOf(overlay))).toEqual([]));
  it("every selector, scale target and ConfigMap reference leads to a rendered object", () => expect(danglingReferences(objectsOf(overlay))).toEqual([]));
  it("every image has a fixed version", () => expect(floatingImages(objectsOf(overlay))).toEqual([]));
});

describe("the gateway reaches Redis and reviews reaches PostgreSQL, nothing else on their ports", () => {
  /** The peers each policy that selects `component`'s pods lets it reach on `port`. */
  const egressPeers = (objects: K8sObject[], component: string, port: number) => {
    const labels = workloads(objects).find((w) => w.metadata.name === component)?.spec.template.metadata?.labels ?? {};
    return objects
      .filter((o) => o.kind === "NetworkPolicy" && selects((o.spec as PolicySpec).podSelector ?? {}, labels))
      .flatMap((o) => ((o.spec as PolicySpec).egress ?? []).filter((rule) => (rule.ports ?? []).some((p) => p.port === port)).flatMap((rule) => rule.to ?? []));
  };
  const podsOf = (component: string) => ({ podSelector: { matchLabels: { "app.kubernetes.io/name": "sentiment-graph", "app.kubernetes.io/component": component } } });

  it("dev: the Redis and PostgreSQL pods of the namespace only", () => {
    expect(egressPeers(objectsOf("dev"), "gateway", 6379)).toEqual([podsOf("redis")]);
    expect(egressPeers(objectsOf("dev"), "reviews", 5432)).toEqual([podsOf("postgres")]);
  });

  it("production: each managed service's one address (TLS Redis on 6380)", () => {
    expect(egressPeers(objectsOf("production"), "gateway", 6380)).toEqual([{ ipBlock: { cidr: expect.stringMatching(/\/32$/) } }]);
    expect(egressPeers(objectsOf("production"), "reviews", 5432)).toEqual([podsOf("postgres"), { ipBlock: { cidr: expect.stringMatching(/\/32$/) } }]);
  });
});

describe("ML reads the rollout state from reviews (docs/deploy.md, Rolling out a model)", () => {
  type Rule = { to?: Peer[]; from?: Peer[]; ports?: Array<{ port: number; protocol?: string }> };
  /** Each rule of every policy selecting `component`'s pods, in `direction`, as "port ← or → peer" lines. */
  const reach = (objects: K8sObject[], component: string, direction: "ingress" | "egress") => {
    const labels = workloads(objects).find((w) => w.metadata.name === component)?.spec.template.metadata?.labels ?? {};
    return objects
      .filter((o) => o.kind === "NetworkPolicy" && selects((o.spec as PolicySpec).podSelector ?? {}, labels))
      .flatMap((o) => (((o.spec as Record<string, unknown>)[direction] ?? []) as Rule[]).flatMap((rule) => (rule.ports ?? [{ port: 0 }]).flatMap((p) => (direction === "egress" ? rule.to : rule.from)?.map((peer) => `${p.port} ${peerName(peer)}`) ?? [`${p.port} anyone`])))
      .sort();
  };
  const peerName = (peer: Peer) =>
    peer.podSelector?.matchLabels?.["k8s-app"] ?? peer.podSelector?.matchLabels?.["app.kubernetes.io/component"] ?? peer.podSelector?.matchLabels?.["app.kubernetes.io/name"] ?? JSON.stringify(peer);
  const volumeOf = (objects: K8sObject[], name: string) =>
    (workloads(objects).find((w) => w.metadata.name === "ml")?.spec.template.spec as unknown as { volumes: Array<{ name: string; [source: string]: unknown }> }).volumes.find((v) => v.name === name);

  it.each(OVERLAYS)("%s: ML may reach reviews' GraphQL port and DNS, nothing else", (overlay) => {
    expect(reach(objectsOf(overlay), "ml", "egress")).toEqual(["4001 reviews", "53 kube-dns", "53 kube-dns"]);
  });

  it.each(OVERLAYS)("%s: reviews admits ML on its GraphQL port alone, and reaches ML only on ML's", (overlay) => {
    const ingress = reach(objectsOf(overlay), "reviews", "ingress");
    expect(ingress.filter((line) => line.endsWith(" ml"))).toEqual(["4001 ml"]);
    expect(reach(objectsOf(overlay), "reviews", "egress").filter((line) => line.endsWith(" ml"))).toEqual(["4002 ml"]);
  });

  it.each(OVERLAYS)("%s: ML's pod gets reviews' Service URL, reviews' secret from the Secret, and MODEL_DIR mounted read-only", (overlay) => {
    const objects = objectsOf(overlay);
    const env = podEnvironment(objects, "ml");
    expect(env.ROLLOUT_URL).toBe("http://reviews:4001/graphql");
    expect((find(objects, "Service", "reviews").spec as { ports: Array<{ port: number }> }).ports.map((p) => p.port)).toEqual([4001]);
    expect(containerOf(objects, "ml").env?.find((e) => e.name === "ROLLOUT_SECRET")?.valueFrom?.secretKeyRef).toEqual({ name: "sentiment-subgraph-secrets", key: "reviews" });
    const mounts = (containerOf(objects, "ml") as Container & { volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }> }).volumeMounts;
    expect(mounts.find((m) => m.mountPath === env.MODEL_DIR)).toEqual({ name: "models", mountPath: "/app/models", readOnly: true });
  });

  it("production's model directory is empty until components/ml-models; dev's is that component's claim, on one node", () => {
    expect(volumeOf(objectsOf("production"), "models")).toEqual({ name: "models", emptyDir: { sizeLimit: "1Mi" } });
    expect(volumeOf(objectsOf("dev"), "models")).toEqual({ name: "models", persistentVolumeClaim: { claimName: "ml-models", readOnly: true } });
    expect((find(objectsOf("dev"), "PersistentVolumeClaim", "ml-models").spec as { accessModes: string[] }).accessModes).toEqual(["ReadWriteOnce"]);
  });

  it("catches ML let out to another port of reviews, or to any pod", () => {
    const objects = production();
    policySpec(objects, "ml").egress?.push({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "sentiment-graph", "app.kubernetes.io/component": "reviews" } } }], ports: [{ port: 9464 }] }, { to: [{ podSelector: {} }], ports: [{ port: 4000 }] });
    expect(reach(objects, "ml", "egress")).toEqual(["4000 {\"podSelector\":{}}", "4001 reviews", "53 kube-dns", "53 kube-dns", "9464 reviews"]);
  });
});

describe("each rule catches what it is for", () => {
  it("a container running as root, or with a user the kubelet cannot check", () => {
    const objects = production();
    containerOf(objects, "gateway").securityContext = { ...containerOf(objects, "gateway").securityContext, runAsUser: 0 };
    const ml = workloads(objects).find((w) => w.metadata.name === "ml");
    delete ml?.spec.template.spec.securityContext?.runAsUser;
    expect(runsAsRoot(objects)).toEqual(["Deployment/gateway container gateway may run as root", "Deployment/ml container ml may run as root"]);
  });

  it("a container without a memory limit", () => {
    const objects = production();
    delete containerOf(objects, "reviews").resources?.limits?.memory;
    expect(lacksLimits(objects)).toEqual(["Deployment/reviews container reviews has no memory limit"]);
  });

  it("a container without a liveness probe", () => {
    const objects = production();
    delete containerOf(objects, "ml").livenessProbe;
    expect(lacksProbes(objects)).toEqual(["Deployment/ml container ml has no livenessProbe"]);
  });

  it("a writable root filesystem, an added capability, no seccomp profile", () => {
    const objects = production();
    containerOf(objects, "gateway").securityContext = { ...containerOf(objects, "gateway").securityContext, readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } };
    delete workloads(objects).find((w) => w.metadata.name === "ml")?.spec.template.spec.securityContext?.seccompProfile;
    expect(notHardened(objects)).toEqual([
      "Deployment/gateway container gateway: a writable root filesystem",
      "Deployment/gateway container gateway: added capabilities NET_ADMIN",
      "Deployment/ml container ml: no RuntimeDefault seccomp profile",
    ]);
  });

  it("a subgraph open to every pod of the namespace, or to any address", () => {
    const objects = production();
    policySpec(objects, "ml").ingress?.push({ from: [{ podSelector: {} }], ports: [{ port: 4002 }] });
    policySpec(objects, "reviews").ingress?.push({ ports: [{ port: 4001 }] });
    expect(subgraphsReachableBeyondGateway(objects)).toEqual(["reviews accepts connections from anyone", 'ml accepts connections from {"podSelector":{}}']);
  });

  it("a subgraph that no NetworkPolicy isolates", () => {
    const objects = production().filter((o) => o.kind !== "NetworkPolicy");
    expect(subgraphsReachableBeyondGateway(objects)).toEqual(["reviews accepts connections from anyone", "ml accepts connections from anyone"]);
  });

  it("another service allowed out to PostgreSQL's port, or PostgreSQL open to it", () => {
    const production_ = production();
    policySpec(production_, "ml").egress = [{ ports: [{ port: 5432 }] }];
    expect(databaseReachableBeyondReviews(production_)).toEqual(["Deployment/ml may connect to PostgreSQL (NetworkPolicy ml)"]);
    const dev = structuredClone(objectsOf("dev"));
    policySpec(dev, "postgres").ingress?.[0]?.from?.push({ podSelector: { matchLabels: { "app.kubernetes.io/name": "sentiment-graph", "app.kubernetes.io/component": "gateway" } } });
    expect(databaseReachableBeyondReviews(dev)).toEqual([expect.stringMatching(/^postgres accepts connections from .*gateway/)]);
  });

  it("an egress rule without peers, or to every address", () => {
    const objects = production();
    policySpec(objects, "gateway").egress?.push({ ports: [{ port: 6379 }] });
    policySpec(objects, "reviews").egress?.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 5432 }] });
    expect(egressToAnyAddress(objects)).toEqual(["NetworkPolicy/gateway lets its pods reach any address on port 6379", "NetworkPolicy/reviews lets its pods reach any address on port 5432"]);
  });

  it("metrics on the GraphQL port, or the scraper let into another port", () => {
    const objects = production();
    const reviews = workloads(objects).find((w) => w.metadata.name === "reviews");
    if (reviews?.spec.template.metadata?.annotations) reviews.spec.template.metadata.annotations["prometheus.io/port"] = "4001";
    policySpec(objects, "metrics-scrape").ingress?.[0]?.ports?.push({ port: 4002 });
    expect(scraperReachesBeyondMetrics(objects)).toEqual([
      "Deployment/gateway: NetworkPolicy/metrics-scrape lets the metrics scraper reach port 4002, not only the metrics port 9464",
      "Deployment/ml: NetworkPolicy/metrics-scrape lets the metrics scraper reach port 4002, not only the metrics port 9464",
      "Deployment/reviews serves its metrics on its serving port 4001",
      "Deployment/reviews: NetworkPolicy/metrics-scrape lets the metrics scraper reach port 9464, not only the metrics port 4001",
      "Deployment/reviews: NetworkPolicy/metrics-scrape lets the metrics scraper reach port 4002, not only the metrics port 4001",
    ]);
  });

  it("a committed Secret, a secret variable with a literal value, a URL with a password", () => {
    const objects = production();
    objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "sentiment-redis" }, stringData: { url: "redis://:hunter2@redis:6379" } });
    containerOf(objects, "gateway").env?.push({ name: "ML_SECRET", value: "0123456789abcdef0123456789abcdef" });
    const reviews = containerOf(objects, "reviews");
    reviews.env = reviews.env?.map((e) => (e.name === "DATABASE_URL" ? { name: e.name, value: "postgresql://sentiment:s3cret@db:5432/sentiment" } : e));
    expect(literalSecrets(objects)).toEqual([
      "Secret/sentiment-redis is committed with values for url: create it in the cluster instead",
      "Deployment/gateway container gateway sets ML_SECRET to a literal value",
      "Deployment/reviews container reviews sets DATABASE_URL to a URL with a literal password",
    ]);
  });

  it("a rollout that takes a pod down first, or kills it before its drain ends", () => {
    const objects = production();
    const gateway = workloads(objects).find((w) => w.metadata.name === "gateway");
    if (gateway?.spec.strategy?.rollingUpdate) gateway.spec.strategy.rollingUpdate.maxUnavailable = 1;
    const ml = workloads(objects).find((w) => w.metadata.name === "ml");
    if (ml) ml.spec.template.spec.terminationGracePeriodSeconds = 10;
    expect(rolloutDropsRequests(objects)).toEqual([
      "Deployment/gateway may take a pod down before its replacement is ready (maxUnavailable must be 0)",
      "Deployment/ml: terminationGracePeriodSeconds 10 is shorter than preStop 5 s + drain 8 s",
    ]);
  });

  it("the gateway's metrics port on its public Service", () => {
    const objects = production();
    (find(objects, "Service", "gateway").spec as { ports: unknown[] }).ports.push({ name: "metrics", port: 9464, targetPort: "metrics" });
    expect(metricsPublished(objects)).toEqual(["Service/gateway publishes Deployment/gateway's metrics port 9464"]);
  });

  it("a Service that selects no pod and an autoscaler without its Deployment", () => {
    const objects = production().filter((o) => !(o.kind === "Deployment" && o.metadata.name === "ml"));
    expect(danglingReferences(objects)).toEqual([
      "Service/ml selects no pod",
      "PodDisruptionBudget/ml selects no pod",
      "HorizontalPodAutoscaler/ml scales ml, which is not rendered",
    ]);
  });

  it("an image on latest", () => {
    const objects = production();
    containerOf(objects, "ml").image = "registry.example.com/sentiment-graph:latest";
    expect(floatingImages(objects)).toEqual(["Deployment/ml container ml runs registry.example.com/sentiment-graph:latest without a fixed version"]);
  });
});
