// The model versions the ML service has loaded, asked of it when a rollout is set: a version no
// replica can serve is refused before it is stored.
import { type Identity, type Logger, serviceUnavailable } from "@sentiment/platform";
import type { GraphQLError } from "graphql";
import { callMl, type MlEndpoint } from "../ml-endpoint.js";
import type { LoadedVersions } from "./rollout-plan.js";

export type ReadLoadedVersions = (identity: Identity, requestId: string, logger: Logger) => Promise<LoadedVersions>;

const QUERY = "query LoadedModelVersions { modelInfo { version versions { version } } }";

interface ModelInfoAnswer {
  data?: { modelInfo?: { version?: unknown; versions?: Array<{ version?: unknown }> } | null } | null;
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
}

function unavailable(): GraphQLError {
  return serviceUnavailable("ml", "The ML service cannot say which model versions it has loaded, so the rollout was not changed; retry shortly");
}

export function mlLoadedVersions(endpoint: MlEndpoint): ReadLoadedVersions {
  return async (identity, requestId, logger) => {
    let answer: ModelInfoAnswer;
    try {
      answer = (await callMl(endpoint, identity, requestId, { query: QUERY })) as ModelInfoAnswer;
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message, name: (error as Error).name } }, "cannot reach the ML service to read its model versions");
      throw unavailable();
    }
    const info = answer.data?.modelInfo;
    const versions = info?.versions?.map((v) => v.version).filter((v): v is string => typeof v === "string");
    if (typeof info?.version !== "string" || !versions) {
      logger.warn({ errors: answer.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) }, "the ML service did not list its model versions");
      throw unavailable();
    }
    return { serving: info.version, versions };
  };
}
