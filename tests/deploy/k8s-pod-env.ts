// The environment a rendered pod's container starts with: its ConfigMaps (envFrom) and its own
// variables, with each Secret reference filled by a stand-in of the shape the Secret must have,
// so the program's own configuration schema can judge it offline.
import { z } from "zod";
import type { Container } from "./k8s-policy.js";
import { workloads } from "./k8s-policy.js";
import { describeObject, type K8sObject } from "./k8s-render.js";

/** What each referenced Secret key must hold, as the kubectl commands of docs/deploy.md create it. */
const SECRET_STAND_INS: Record<string, string> = {
  "sentiment-database/url": "postgresql://sentiment:0123456789abcdef@postgres:5432/sentiment",
  "sentiment-database/password": "0123456789abcdef",
  "sentiment-redis/url": "redis://:0123456789abcdef@redis:6379",
  "sentiment-redis/password": "0123456789abcdef",
  "sentiment-subgraph-secrets/reviews": "a".repeat(64),
  "sentiment-subgraph-secrets/ml": "b".repeat(64),
};

export function podEnvironment(objects: readonly K8sObject[], workloadName: string): Record<string, string> {
  const workload = workloads(objects).find((w) => w.metadata.name === workloadName);
  if (!workload) throw new Error(`no workload ${workloadName}`);
  const container = workload.spec.template.spec.containers[0] as Container & { envFrom?: Array<{ configMapRef?: { name: string } }> };
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === source.configMapRef?.name);
    if (!configMap) throw new Error(`${describeObject(workload)} reads a ConfigMap that is not rendered`);
    Object.assign(env, configMap.data as Record<string, string>);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (ref) {
      const standIn = SECRET_STAND_INS[`${ref.name}/${ref.key}`];
      if (standIn === undefined) throw new Error(`${describeObject(workload)} reads Secret ${ref.name} key ${ref.key}, which docs/deploy.md does not tell operators to create`);
      env[variable.name] = standIn;
    }
  }
  return env;
}

/** The object schema inside refinements and transforms: the variables a program reads. */
function objectShape(schema: z.ZodTypeAny): Record<string, unknown> {
  let current: z.ZodTypeAny = schema;
  while (current instanceof z.ZodEffects) current = current.innerType();
  if (!(current instanceof z.ZodObject)) throw new Error("the configuration schema is not an object");
  return current.shape as Record<string, unknown>;
}

/** What a program would say of the environment: its schema's complaints, and variables it does
 *  not read at all (a misspelt name is otherwise silently ignored). */
export function configurationProblems(env: Record<string, string>, schema: z.ZodTypeAny, readElsewhere: readonly string[]): string[] {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const known = new Set([...Object.keys(objectShape(schema)), ...readElsewhere]);
  return [...problems, ...Object.keys(env).filter((name) => !known.has(name)).map((name) => `${name}: not a setting of this program`)];
}
