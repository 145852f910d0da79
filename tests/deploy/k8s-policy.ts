// The rules a platform team checks before it accepts manifests, as plain functions over the
// rendered objects: each returns what breaks the rule (empty when nothing does), so a test can
// both check deploy/k8s and show that a bad object is caught.
import { describeObject, type K8sObject } from "./k8s-render.js";

type Labels = Record<string, string>;
interface Probe {
  [handler: string]: unknown;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
export interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  securityContext?: SecurityContext;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  terminationGracePeriodSeconds?: number;
}
interface PodTemplate {
  metadata?: { labels?: Labels; annotations?: Record<string, string> };
  spec: PodSpec;
}
interface Workload extends K8sObject {
  spec: { template: PodTemplate; strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } } };
}
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
export interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  port?: number | string;
  protocol?: string;
}
interface NetworkPolicySpec {
  podSelector: Selector;
  policyTypes?: string[];
  ingress?: Array<{ from?: Peer[]; ports?: PolicyPort[] }>;
  egress?: Array<{ to?: Peer[]; ports?: PolicyPort[] }>;
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);
export const workloads = (objects: readonly K8sObject[]) => objects.filter((o): o is Workload => WORKLOAD_KINDS.has(o.kind));
const allContainers = (spec: PodSpec) => [...(spec.initContainers ?? []), ...spec.containers];
const component = (w: K8sObject) => (w as Workload).spec.template.metadata?.labels?.["app.kubernetes.io/component"] ?? w.metadata.name;

/** Whether a label selector picks pods with these labels (matchLabels and the set operators). */
export function selects(selector: Selector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    if (e.operator === "In") return value !== undefined && (e.values ?? []).includes(value);
    if (e.operator === "NotIn") return value === undefined || !(e.values ?? []).includes(value);
    if (e.operator === "Exists") return value !== undefined;
    if (e.operator === "DoesNotExist") return value === undefined;
    return false;
  });
  return byLabel && byExpression;
}

/** Containers that may run as root: runAsNonRoot must hold and the user must be a non-zero number
 *  (the image's `node` user is a name, which the kubelet cannot check against runAsNonRoot). */
export function runsAsRoot(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) => {
    const pod = w.spec.template.spec.securityContext ?? {};
    return allContainers(w.spec.template.spec)
      .filter((c) => {
        const nonRoot = c.securityContext?.runAsNonRoot ?? pod.runAsNonRoot;
        const user = c.securityContext?.runAsUser ?? pod.runAsUser;
        return nonRoot !== true || typeof user !== "number" || user === 0;
      })
      .map((c) => `${describeObject(w)} container ${c.name} may run as root`);
  });
}

/** Containers without CPU and memory requests and limits. */
export function lacksLimits(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) =>
    allContainers(w.spec.template.spec).flatMap((c) =>
      (["requests", "limits"] as const).flatMap((kind) =>
        (["cpu", "memory"] as const).filter((resource) => c.resources?.[kind]?.[resource] === undefined).map((resource) => `${describeObject(w)} container ${c.name} has no ${resource} ${kind.slice(0, -1)}`),
      ),
    ),
  );
}

/** Long-running containers without a readiness and a liveness probe. */
export function lacksProbes(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) =>
    w.spec.template.spec.containers.flatMap((c) =>
      (["readinessProbe", "livenessProbe"] as const).filter((probe) => c[probe] === undefined).map((probe) => `${describeObject(w)} container ${c.name} has no ${probe}`),
    ),
  );
}

/** Containers that could write their image, gain privileges or keep capabilities. */
export function notHardened(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) =>
    allContainers(w.spec.template.spec).flatMap((c) => {
      const s = c.securityContext ?? {};
      const problems = [
        s.readOnlyRootFilesystem === true ? null : "a writable root filesystem",
        s.allowPrivilegeEscalation === false ? null : "privilege escalation allowed",
        (s.capabilities?.drop ?? []).includes("ALL") ? null : "capabilities not all dropped",
        (s.capabilities?.add ?? []).length === 0 ? null : `added capabilities ${s.capabilities?.add?.join(",")}`,
        w.spec.template.spec.automountServiceAccountToken === false ? null : "a service-account token mounted",
        (s.seccompProfile ?? w.spec.template.spec.securityContext?.seccompProfile)?.type === "RuntimeDefault" ? null : "no RuntimeDefault seccomp profile",
      ];
      return problems.filter((p) => p !== null).map((p) => `${describeObject(w)} container ${c.name}: ${p}`);
    }),
  );
}

const policies = (objects: readonly K8sObject[]) => objects.filter((o) => o.kind === "NetworkPolicy") as Array<K8sObject & { spec: NetworkPolicySpec }>;
const podLabels = (objects: readonly K8sObject[], name: string) => workloads(objects).find((w) => component(w) === name)?.spec.template.metadata?.labels;
const ruleTypes = (p: NetworkPolicySpec) => p.policyTypes ?? (p.egress ? ["Ingress", "Egress"] : ["Ingress"]);

/** Where a pod accepts connections from: every ingress peer of every policy that selects it, or
 *  "anyone" when no policy isolates it or a rule has no `from`. */
function ingressPeers(objects: readonly K8sObject[], labels: Labels): Array<Peer | "anyone"> {
  const selecting = policies(objects).filter((p) => selects(p.spec.podSelector, labels) && ruleTypes(p.spec).includes("Ingress"));
  if (selecting.length === 0) return ["anyone"];
  return selecting.flatMap((p) =>
    (p.spec.ingress ?? []).flatMap((rule): Array<Peer | "anyone"> => (rule.from === undefined || rule.from.length === 0 ? ["anyone"] : rule.from)),
  );
}

/** Whether a peer is exactly "pods with these labels in this namespace". */
function isPodsOf(peer: Peer | "anyone", labels: Labels | undefined): boolean {
  if (peer === "anyone" || !labels || peer.ipBlock !== undefined || peer.namespaceSelector !== undefined || !peer.podSelector) return false;
  const selector = peer.podSelector;
  return Object.keys(selector.matchLabels ?? {}).length > 0 && selects(selector, labels) && selector.matchLabels?.["app.kubernetes.io/component"] === labels["app.kubernetes.io/component"];
}

/** The metrics scraper the policies admit: Prometheus pods in the monitoring namespace. */
export function isMetricsScraper(peer: Peer | "anyone"): boolean {
  if (peer === "anyone" || peer.ipBlock !== undefined) return false;
  return peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring" && peer.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "prometheus";
}

/** Subgraphs reachable by anything but the gateway's pods (and the metrics scraper); each is also
 *  reached by the other: reviews asks ML to score the texts feedback is given on, ML reads the
 *  rollout state from reviews. */
export function subgraphsReachableBeyondGateway(objects: readonly K8sObject[]): string[] {
  const gateway = podLabels(objects, "gateway");
  const reviews = podLabels(objects, "reviews");
  const ml = podLabels(objects, "ml");
  return ["reviews", "ml"].flatMap((name) => {
    const labels = podLabels(objects, name);
    if (!labels) return [`no ${name} workload`];
    const otherSubgraph = name === "ml" ? reviews : ml;
    return ingressPeers(objects, labels)
      .filter((peer) => !isPodsOf(peer, gateway) && !isPodsOf(peer, otherSubgraph) && !isMetricsScraper(peer))
      .map((peer) => `${name} accepts connections from ${peer === "anyone" ? "anyone" : JSON.stringify(peer)}`);
  });
}

/** PostgreSQL reachable by anything but reviews: in-cluster (its ingress) or anywhere (egress on
 *  its port from another pod of the namespace). */
export function databaseReachableBeyondReviews(objects: readonly K8sObject[]): string[] {
  const reviews = podLabels(objects, "reviews");
  const problems: string[] = [];
  const postgres = podLabels(objects, "postgres");
  if (postgres) {
    for (const peer of ingressPeers(objects, postgres)) {
      if (!isPodsOf(peer, reviews)) problems.push(`postgres accepts connections from ${peer === "anyone" ? "anyone" : JSON.stringify(peer)}`);
    }
  }
  for (const w of workloads(objects)) {
    const labels = w.spec.template.metadata?.labels ?? {};
    if (component(w) === "reviews" || component(w) === "postgres") continue;
    const egress = policies(objects).filter((p) => selects(p.spec.podSelector, labels) && ruleTypes(p.spec).includes("Egress"));
    if (egress.length === 0) {
      problems.push(`${describeObject(w)} has no egress policy: it can reach PostgreSQL`);
      continue;
    }
    for (const policy of egress) {
      for (const rule of policy.spec.egress ?? []) {
        const toDatabasePort = rule.ports === undefined || rule.ports.length === 0 || rule.ports.some((p) => p.port === 5432 || p.port === "postgres");
        const toDatabasePods = rule.to === undefined || rule.to.length === 0 || (postgres !== undefined && rule.to.some((peer) => peer.podSelector !== undefined && selects(peer.podSelector, postgres)));
        if (toDatabasePort && toDatabasePods) problems.push(`${describeObject(w)} may connect to PostgreSQL (NetworkPolicy ${policy.metadata.name})`);
      }
    }
  }
  return problems;
}

/** Egress rules that let pods reach any address: no `to` at all, or a /0 block. (A rule's ports
 *  do not narrow it enough: anything can listen on 6379 or 5432.) */
export function egressToAnyAddress(objects: readonly K8sObject[]): string[] {
  return policies(objects).flatMap((policy) =>
    (policy.spec.egress ?? [])
      .filter((rule) => (rule.to ?? []).length === 0 || (rule.to ?? []).some((peer) => /\/0$/.test(peer.ipBlock?.cidr ?? "")))
      .map((rule) => {
        const ports = (rule.ports ?? []).map((p) => p.port);
        return `${describeObject(policy)} lets its pods reach any address${ports.length > 0 ? ` on port ${ports.join(", ")}` : ""}`;
      }),
  );
}

/** Scraped pods whose metrics share a serving port, or whose scraper may reach more than the
 *  metrics port: the scraper needs that one port and nothing else. */
export function scraperReachesBeyondMetrics(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) => {
    const annotations = w.spec.template.metadata?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] !== "true") return [];
    const metricsPort = Number(annotations["prometheus.io/port"]);
    const labels = w.spec.template.metadata?.labels ?? {};
    const problems: string[] = [];
    const serving = w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).filter((p) => p.name === "http").map((p) => p.containerPort));
    if (serving.includes(metricsPort)) problems.push(`${describeObject(w)} serves its metrics on its serving port ${metricsPort}`);
    for (const policy of policies(objects).filter((p) => selects(p.spec.podSelector, labels) && ruleTypes(p.spec).includes("Ingress"))) {
      for (const rule of policy.spec.ingress ?? []) {
        if (!(rule.from ?? []).some(isMetricsScraper)) continue;
        const ports = (rule.ports ?? []).map((p) => Number(p.port));
        if (ports.length === 0) problems.push(`${describeObject(w)}: ${describeObject(policy)} lets the metrics scraper reach every port`);
        for (const port of ports.filter((p) => p !== metricsPort)) problems.push(`${describeObject(w)}: ${describeObject(policy)} lets the metrics scraper reach port ${port}, not only the metrics port ${metricsPort}`);
      }
    }
    return problems;
  });
}

const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL/i;
/** userinfo with a password in a URL: scheme://user:password@host */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:([^/@\s]+)@/i;
/** A password that is only $(VAR) references, which the kubelet fills in from other variables. */
const ONLY_REFERENCES = /^(\$\([A-Z0-9_]+\))+$/;

/** Secret values written into the manifests: a Secret object with data, a secret-looking
 *  variable or ConfigMap key with a literal value, a URL with a literal password. */
export function literalSecrets(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    if (object.kind === "Secret") {
      const data = { ...((object.data as Record<string, string> | undefined) ?? {}), ...((object.stringData as Record<string, string> | undefined) ?? {}) };
      problems.push(`${describeObject(object)} is committed${Object.keys(data).length > 0 ? ` with values for ${Object.keys(data).join(", ")}` : ""}: create it in the cluster instead`);
    }
    if (object.kind === "ConfigMap") {
      for (const [key, value] of Object.entries((object.data as Record<string, string> | undefined) ?? {})) {
        if (SECRET_NAME.test(key)) problems.push(`${describeObject(object)} holds ${key}, which belongs in a Secret`);
        const password = URL_WITH_PASSWORD.exec(String(value))?.[1];
        if (password && !ONLY_REFERENCES.test(password)) problems.push(`${describeObject(object)} key ${key} is a URL with a password`);
      }
    }
  }
  for (const w of workloads(objects)) {
    for (const c of allContainers(w.spec.template.spec)) {
      for (const variable of c.env ?? []) {
        if (variable.value === undefined) continue;
        if (SECRET_NAME.test(variable.name)) problems.push(`${describeObject(w)} container ${c.name} sets ${variable.name} to a literal value`);
        const password = URL_WITH_PASSWORD.exec(variable.value)?.[1];
        if (password && !ONLY_REFERENCES.test(password)) problems.push(`${describeObject(w)} container ${c.name} sets ${variable.name} to a URL with a literal password`);
      }
      for (const argument of c.args ?? []) {
        const password = URL_WITH_PASSWORD.exec(argument)?.[1];
        if (password && !ONLY_REFERENCES.test(password)) problems.push(`${describeObject(w)} container ${c.name} has a URL with a password in its arguments`);
      }
    }
  }
  return problems;
}

/** The drain's own limit (platform/src/lifecycle.ts): in-flight requests get this long. */
export const DRAIN_SECONDS = 8;

/** Rollouts that could drop requests: a pod taken down before its replacement is ready, or killed
 *  before its preStop wait and the drain are over. */
export function rolloutDropsRequests(objects: readonly K8sObject[]): string[] {
  return workloads(objects)
    .filter((w) => w.kind === "Deployment" && ["gateway", "reviews", "ml"].includes(component(w)))
    .flatMap((w) => {
      const problems: string[] = [];
      const rolling = w.spec.strategy?.rollingUpdate;
      if ((w.spec.strategy?.type ?? "RollingUpdate") !== "RollingUpdate" || !(rolling?.maxUnavailable === 0 || rolling?.maxUnavailable === "0%")) {
        problems.push(`${describeObject(w)} may take a pod down before its replacement is ready (maxUnavailable must be 0)`);
      }
      const spec = w.spec.template.spec;
      for (const c of spec.containers) {
        const command = c.lifecycle?.preStop?.exec?.command ?? [];
        const wait = command[0] === "sleep" ? Number(command[1]) : Number.NaN;
        if (!(wait > 0)) problems.push(`${describeObject(w)} container ${c.name} has no preStop wait: it stops while endpoints still send it requests`);
        else if ((spec.terminationGracePeriodSeconds ?? 30) < wait + DRAIN_SECONDS) {
          problems.push(`${describeObject(w)}: terminationGracePeriodSeconds ${spec.terminationGracePeriodSeconds ?? 30} is shorter than preStop ${wait} s + drain ${DRAIN_SECONDS} s`);
        }
      }
      return problems;
    });
}

interface ServiceSpec {
  type?: string;
  selector?: Labels;
  ports: Array<{ port: number; targetPort?: number | string }>;
}

/** Metrics ports a Service publishes: the gateway's Service is the public one, and none may be a
 *  NodePort or LoadBalancer on a scrape port. */
export function metricsPublished(objects: readonly K8sObject[]): string[] {
  const services = objects.filter((o) => o.kind === "Service") as Array<K8sObject & { spec: ServiceSpec }>;
  return workloads(objects).flatMap((w) => {
    const annotations = w.spec.template.metadata?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] !== "true") return [];
    const port = Number(annotations["prometheus.io/port"]);
    const container = w.spec.template.spec.containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === port));
    if (!container) return [`${describeObject(w)} is scraped on port ${port}, which no container declares`];
    const names = new Set((container.ports ?? []).filter((p) => p.containerPort === port).map((p) => p.name));
    const labels = w.spec.template.metadata?.labels ?? {};
    return services
      .filter((s) => s.spec.selector !== undefined && selects({ matchLabels: s.spec.selector }, labels))
      .filter((s) => s.spec.ports.some((p) => p.targetPort === port || names.has(String(p.targetPort)) || (p.targetPort === undefined && p.port === port)))
      .filter((s) => component(w) === "gateway" || s.spec.type === "NodePort" || s.spec.type === "LoadBalancer")
      .map((s) => `${describeObject(s)} publishes ${describeObject(w)}'s metrics port ${port}`);
  });
}

/** References that lead nowhere: a Service, PodDisruptionBudget, autoscaler or ConfigMap
 *  reference naming nothing that is rendered. */
export function danglingReferences(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = workloads(objects).map((w) => w.spec.template.metadata?.labels ?? {});
  const names = (kind: string) => new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata.name));
  for (const o of objects) {
    const spec = o.spec as { selector?: Labels | Selector; scaleTargetRef?: { kind?: string; name: string } } | undefined;
    if (o.kind === "Service" && !pods.some((labels) => selects({ matchLabels: spec?.selector as Labels }, labels))) problems.push(`${describeObject(o)} selects no pod`);
    if (o.kind === "PodDisruptionBudget" && !pods.some((labels) => selects(spec?.selector as Selector, labels))) problems.push(`${describeObject(o)} selects no pod`);
    if ((o.kind === "HorizontalPodAutoscaler" || o.kind === "ScaledObject") && !names(spec?.scaleTargetRef?.kind ?? "Deployment").has(spec?.scaleTargetRef?.name ?? "")) {
      problems.push(`${describeObject(o)} scales ${spec?.scaleTargetRef?.name}, which is not rendered`);
    }
  }
  const configMaps = names("ConfigMap");
  for (const w of workloads(objects)) {
    for (const c of allContainers(w.spec.template.spec)) {
      for (const source of ((c as { envFrom?: Array<{ configMapRef?: { name: string } }> }).envFrom ?? [])) {
        if (source.configMapRef && !configMaps.has(source.configMapRef.name)) problems.push(`${describeObject(w)} reads ConfigMap ${source.configMapRef.name}, which is not rendered`);
      }
    }
  }
  return problems;
}

/** Images without a fixed version: `latest` or no tag. */
export function floatingImages(objects: readonly K8sObject[]): string[] {
  return workloads(objects).flatMap((w) =>
    allContainers(w.spec.template.spec)
      .filter((c) => !c.image || !/[:@]/.test(c.image.split("/").pop() ?? "") || c.image.endsWith(":latest"))
      .map((c) => `${describeObject(w)} container ${c.name} runs ${c.image ?? "no image"} without a fixed version`),
  );
}
