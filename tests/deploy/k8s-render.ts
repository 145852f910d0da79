// deploy/k8s rendered the way `kubectl apply -k` renders it: by kubectl's own kustomize, offline.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const K8S_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../deploy/k8s");
export const OVERLAYS = ["dev", "production", "production-keda"] as const;
export type Overlay = (typeof OVERLAYS)[number];

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A rendered object: typed as far as the checks read it, the rest left open. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The overlays use components and `patches`, which need the kustomize of kubectl 1.21 or later. */
const MIN_KUSTOMIZE_MAJOR = 4;

function kubectl(args: string[]): string {
  const result = spawnSync("kubectl", args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error("kubectl is not installed: deploy/k8s is rendered with `kubectl kustomize` (kubectl 1.21 or later)");
  }
  if (result.status !== 0) throw new Error(`kubectl ${args.join(" ")} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** The kustomize built into kubectl, e.g. "v5.5.0"; refuses one too old for the overlays. */
export function kustomizeVersion(): string {
  const output = kubectl(["version", "--client"]);
  const version = /Kustomize Version:\s*(v(\d+)\S*)/.exec(output);
  if (!version) throw new Error(`kubectl ${output.trim()} has no kustomize built in: kubectl 1.21 or later is needed`);
  if (Number(version[2]) < MIN_KUSTOMIZE_MAJOR) {
    throw new Error(`kubectl's kustomize is ${version[1]}: the overlays need ${MIN_KUSTOMIZE_MAJOR}.x or later (kubectl 1.21+; Debian bookworm's kubernetes-client 1.20 is too old)`);
  }
  return version[1] as string;
}

export function render(overlay: Overlay): K8sObject[] {
  const output = kubectl(["kustomize", join(K8S_DIR, "overlays", overlay)]);
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw new Error(`${overlay}: ${document.errors[0]?.message}`);
    return document.toJS() as K8sObject;
  });
}

export const describeObject = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
