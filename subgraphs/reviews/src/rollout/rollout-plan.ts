// What one setModelRollout call writes, or why it is refused: a plain function of the stored
// state, the change asked for and the versions the ML service has loaded. Run inside the store's
// transaction, so two admins' changes cannot both pass on a state neither saw.
import type { RolloutMode } from "@sentiment/schema";

/** One version's state: `share` is a percentage (0-100); 100 for SERVING, 0 for RETIRED. */
export interface RolloutState {
  version: string;
  mode: RolloutMode;
  share: number;
}

export type RolloutRow = RolloutState & { updatedAt: string; updatedBy: string };

export interface RolloutChange {
  version: string;
  mode: RolloutMode;
  /** percent, for CANARY and SHADOW only */
  share: number | null;
}

/** What the ML service says it has loaded, and which version serves when the store names none. */
export interface LoadedVersions {
  versions: readonly string[];
  serving: string;
}

export type RolloutPlan = { writes: RolloutState[] } | { refused: { field: "version" | "mode" | "share"; message: string } };

const refuse = (field: "version" | "mode" | "share", message: string): RolloutPlan => ({ refused: { field, message } });
/** Shares are kept to a hundredth of a percent (the ML service places callers to that), and added as integers of hundredths. */
const hundredths = (share: number) => Math.round(share * 100);
const percent = (h: number) => `${h / 100} %`;

/** The version serving now: the store's, or, before any rollout was stored, the one the ML service serves. */
export function servingVersion(stored: readonly RolloutState[], loaded: LoadedVersions): string {
  return stored.find((s) => s.mode === "SERVING")?.version ?? loaded.serving;
}

export function planRollout(stored: readonly RolloutState[], change: RolloutChange, loaded: LoadedVersions): RolloutPlan {
  const { version, mode } = change;
  // A stored version whose file has gone from the ML service can still be retired: else its canary
  // share would stay in the state, and count against every new canary, for good.
  const retiringStored = mode === "RETIRED" && stored.some((s) => s.version === version);
  if (!loaded.versions.includes(version) && !retiringStored) {
    return refuse("version", `No model version "${version}" is loaded by the ML service; loaded: ${loaded.versions.join(", ")}. Put its directory in MODEL_DIR and reload (SIGHUP) every ML replica first`);
  }
  const takesShare = mode === "CANARY" || mode === "SHADOW";
  if (takesShare && change.share === null) return refuse("share", `${mode} needs a share: the percentage of ${mode === "CANARY" ? "callers it answers" : "the serving model's texts it scores"}, from 0 to 100`);
  if (!takesShare && change.share !== null) return refuse("share", `share applies to CANARY and SHADOW only; ${mode} takes ${mode === "SERVING" ? "every caller outside the canaries" : "no traffic"}: leave share out`);
  if (change.share !== null && !(Number.isFinite(change.share) && change.share >= 0 && change.share <= 100)) return refuse("share", `share is a percentage from 0 to 100, not ${change.share}`);
  if (change.share !== null && change.share > 0 && hundredths(change.share) === 0) return refuse("share", `share is set to a hundredth of a percent: ${change.share} is below 0.01; give 0.01 or more, or 0`);
  const share = change.share === null ? null : hundredths(change.share) / 100;
  const serving = servingVersion(stored, loaded);
  if (mode === "SERVING") {
    // Promotion (or rollback) is one step: the version that served retires in the same write, so
    // that no moment has two serving versions or none.
    const writes: RolloutState[] = [{ version, mode: "SERVING", share: 100 }];
    if (serving !== version) writes.push({ version: serving, mode: "RETIRED", share: 0 });
    return checked(stored, writes);
  }
  if (version === serving) {
    return refuse("mode", `"${version}" is the serving version and would leave no version serving; promote its successor instead (setModelRollout with mode SERVING), which retires it`);
  }
  if (mode === "CANARY") {
    const others = stored.filter((s) => s.mode === "CANARY" && s.version !== version).reduce((sum, s) => sum + hundredths(s.share), 0);
    const total = others + hundredths(share as number);
    if (total > 10_000) return refuse("share", `the canaries would answer ${percent(total)} of callers (others hold ${percent(others)}); at most 100 %`);
  }
  return checked(stored, [{ version, mode, share: mode === "RETIRED" ? 0 : (share as number) }]);
}

/** The writes, or a refusal when the state they give would not have exactly one serving version. */
function checked(stored: readonly RolloutState[], writes: RolloutState[]): RolloutPlan {
  const after = new Map(stored.map((s) => [s.version, s.mode]));
  for (const w of writes) after.set(w.version, w.mode);
  const serving = [...after].filter(([, mode]) => mode === "SERVING").map(([v]) => v);
  if (serving.length > 1) return refuse("mode", `two versions would serve (${serving.join(", ")}); exactly one serves: promote one, which retires the other`);
  return { writes };
}
