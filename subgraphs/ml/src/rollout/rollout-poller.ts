// Reads the rollout state from the reviews service, which keeps it in the project's database, so
// that every replica routes alike within one poll interval and a restart keeps the state. Each
// read is signed with the reviews service's subgraph secret, as the gateway signs its calls.
// When the reviews service cannot be read, the last state read stays in force.
import type { Logger } from "@sentiment/platform";
import { z } from "zod";
import { callReviews, type RolloutSource } from "./reviews-call.js";
import { ROLLOUT_MODES } from "@sentiment/schema";
import type { StoredRollout } from "./routing.js";

const QUERY = "query ModelRolloutState { modelRollout { version mode share } }";

/** Who the reads are signed as: an admin, since only admins may read the rollout state. */
const POLLER = { subject: "service:ml-rollout", role: "admin" } as const;

const answerSchema = z.object({
  data: z.object({ modelRollout: z.array(z.object({ version: z.string().min(1), mode: z.enum(ROLLOUT_MODES), share: z.number().min(0).max(100) })) }),
});

export class RolloutReadError extends Error {
  override name = "RolloutReadError";
}

/** One read of the stored rollout state. */
export async function readRolloutState(source: RolloutSource): Promise<StoredRollout[]> {
  let answer: { status: number; json: unknown };
  try {
    answer = await callReviews(source, POLLER, QUERY);
  } catch (error) {
    throw new RolloutReadError(`cannot reach ${source.url}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = answerSchema.safeParse(answer.json);
  if (!parsed.success) {
    const errors = (answer.json as { errors?: Array<{ message?: string; extensions?: { code?: string } }> } | null)?.errors;
    const said = errors?.map((e) => `${e.extensions?.code ?? "error"}: ${e.message ?? ""}`).join("; ");
    throw new RolloutReadError(`${source.url} answered HTTP ${answer.status} without a rollout state${said ? ` (${said})` : ""}`);
  }
  return parsed.data.data.modelRollout;
}

const sameState = (a: readonly StoredRollout[], b: readonly StoredRollout[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reads the state now and then every `intervalMs`, calling `apply` with each state that differs
 * from the last; the first read is awaited (with the source's timeout) so that a starting replica
 * serves the stored state from its first request when the reviews service answers.
 */
export async function pollRolloutState(source: RolloutSource, intervalMs: number, apply: (state: StoredRollout[]) => void, logger: Logger): Promise<{ stop: () => void; read: () => boolean }> {
  let last: StoredRollout[] | null = null;
  let failing = false;
  const poll = async () => {
    try {
      const state = await readRolloutState(source);
      if (failing) logger.info("rollout state readable again");
      failing = false;
      if (last === null || !sameState(last, state)) {
        logger.info({ state }, "rollout state read");
        last = state;
        apply(state);
      }
    } catch (error) {
      // Said once per outage, not once per poll.
      if (!failing) logger.warn({ reason: (error as Error).message }, `cannot read the rollout state; keeping the last one read${last === null ? " (none yet: MODEL_PATH's model serves)" : ""}`);
      failing = true;
    }
  };
  await poll();
  let stopped = false;
  let timer: NodeJS.Timeout;
  const next = () => {
    timer = setTimeout(() => {
      void poll().finally(() => {
        if (!stopped) next();
      });
    }, intervalMs);
    timer.unref();
  };
  next();
  return {
    /** whether a state has been read at all: until then this replica does not know which version is to answer */
    read: () => last !== null,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
