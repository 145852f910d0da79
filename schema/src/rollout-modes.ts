// The model rollout's modes, as the SDL's ModelRolloutMode enum names them: one list for the
// reviews service, which stores and checks them, and the ML service, which reads and applies them.
export const ROLLOUT_MODES = ["SERVING", "CANARY", "SHADOW", "RETIRED"] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];
