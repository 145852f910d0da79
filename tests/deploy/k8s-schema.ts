// Every rendered object checked against the Kubernetes API's schemas, offline, twice:
//  - kubernetes-models' validators (compiled from the API's OpenAPI document; KEDA's from its
//    CRDs): types, required fields, enumerations, formats;
//  - the same models' TypeScript types, through the compiler, for fields the API does not know.
//    The OpenAPI document does not forbid unknown fields, so the validators accept a misspelt
//    `readinesProbe`; the API server drops or refuses it, and the compiler's excess-property
//    check names it.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { Model } from "@kubernetes-models/base";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describeObject, type K8sObject } from "./k8s-render.js";

interface Schema {
  /** the model's class: its validate() throws on a schema violation */
  model: new (data: never) => Model<unknown>;
  /** where its TypeScript interface is, and its name */
  module: string;
  type: string;
}

/** The kinds deploy/k8s uses; any other kind fails the check until it is added here. */
const SCHEMAS: Record<string, Schema> = {
  "v1/Namespace": { model: Namespace, module: "kubernetes-models/v1/Namespace", type: "INamespace" },
  "v1/ServiceAccount": { model: ServiceAccount, module: "kubernetes-models/v1/ServiceAccount", type: "IServiceAccount" },
  "v1/ConfigMap": { model: ConfigMap, module: "kubernetes-models/v1/ConfigMap", type: "IConfigMap" },
  "v1/Secret": { model: Secret, module: "kubernetes-models/v1/Secret", type: "ISecret" },
  "v1/Service": { model: Service, module: "kubernetes-models/v1/Service", type: "IService" },
  "v1/PersistentVolumeClaim": { model: PersistentVolumeClaim, module: "kubernetes-models/v1/PersistentVolumeClaim", type: "IPersistentVolumeClaim" },
  "apps/v1/Deployment": { model: Deployment, module: "kubernetes-models/apps/v1/Deployment", type: "IDeployment" },
  "apps/v1/StatefulSet": { model: StatefulSet, module: "kubernetes-models/apps/v1/StatefulSet", type: "IStatefulSet" },
  "policy/v1/PodDisruptionBudget": { model: PodDisruptionBudget, module: "kubernetes-models/policy/v1/PodDisruptionBudget", type: "IPodDisruptionBudget" },
  "autoscaling/v2/HorizontalPodAutoscaler": {
    model: HorizontalPodAutoscaler,
    module: "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
    type: "IHorizontalPodAutoscaler",
  },
  "networking.k8s.io/v1/NetworkPolicy": { model: NetworkPolicy, module: "kubernetes-models/networking.k8s.io/v1/NetworkPolicy", type: "INetworkPolicy" },
  "keda.sh/v1alpha1/ScaledObject": { model: ScaledObject, module: "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject", type: "IScaledObject" },
};

const schemaOf = (o: K8sObject) => SCHEMAS[`${o.apiVersion}/${o.kind}`];

/** Violations of the API's schemas: types, required fields, enumerations, formats. */
export function validatorViolations(objects: readonly K8sObject[]): string[] {
  const violations: string[] = [];
  for (const object of objects) {
    const schema = schemaOf(object);
    if (!schema) {
      violations.push(`${object.apiVersion} ${describeObject(object)}: no schema known for this kind (add it to tests/deploy/k8s-schema.ts)`);
      continue;
    }
    try {
      new schema.model(object as never).validate();
    } catch (error) {
      violations.push(`${describeObject(object)}: ${(error as Error).message}`);
    }
  }
  return violations;
}

// A file that does not exist: the compiler reads it from memory, and resolves its imports from
// the repository's node_modules as if it were beside this one.
const VIRTUAL_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "rendered-objects.generated.ts");

/** Fields the API does not know, and values of the wrong type, as the compiler sees them. */
export function typeViolations(objects: readonly K8sObject[]): string[] {
  const known = objects.filter((o) => schemaOf(o) !== undefined);
  const imports = [...new Set(known.map((o) => schemaOf(o) as Schema))].map((s) => `import type { ${s.type} } from "${s.module}";`);
  const lines = [...imports];
  const owners: string[] = imports.map(() => "(imports)");
  known.forEach((object, index) => {
    const body = `export const object${index}: ${(schemaOf(object) as Schema).type} = ${JSON.stringify(object, null, 1)};`.split("\n");
    lines.push(...body);
    owners.push(...body.map(() => describeObject(object)));
  });
  const source = lines.join("\n");

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError) =>
    fileName === VIRTUAL_FILE ? ts.createSourceFile(fileName, source, languageVersion, true) : getSourceFile(fileName, languageVersion, onError);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === VIRTUAL_FILE || fileExists(fileName);
  const program = ts.createProgram([VIRTUAL_FILE], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === VIRTUAL_FILE || d.file === undefined)
    .map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      // The objects are written as JSON, so property names come quoted: '"name"' reads as 'name'.
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/'"([^"']+)"'/g, "'$1'");
      return `${owners[line] ?? "(file)"}: ${message}`;
    });
}
