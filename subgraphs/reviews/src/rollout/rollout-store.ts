// What the reviews service needs from storage for the model rollout state, whichever database is
// behind it (the statements of both dialects: rollout-sql.ts).
import type { RolloutPlan, RolloutRow, RolloutState } from "./rollout-plan.js";

export type RolloutUpdate = { rows: RolloutRow[] } | Extract<RolloutPlan, { refused: unknown }>;

export interface RolloutStore {
  /** every version with a stored state, by version */
  list(): Promise<RolloutRow[]>;
  /**
   * Reads the state, asks `plan` what to write (or why not) and writes it, in one transaction
   * that changes of other processes wait for; answers the state after the write.
   */
  update(plan: (stored: RolloutState[]) => RolloutPlan, by: string): Promise<RolloutUpdate>;
  /** the caller's number, 1, 2, 3… in the order callers were first asked for; the same ever after */
  callerNumber(caller: string): Promise<number>;
}
