// @sentiment/reviews: the reviews subgraph. `main.ts` runs it; this file is what other code of the
// project may use: its settings and its two stores (the store contract suite runs against both,
// with the plan by which their rollout state is written).
export { reviewsConfigSchema, type ReviewsConfig } from "./config.js";
export { openStore } from "./store/open-store.js";
export { openSqliteStore } from "./store/sqlite-store.js";
export { openPostgresStore } from "./store/postgres-store.js";
export type { KeyedWrite, Review, ReviewPage, ReviewStore, WriteKey } from "./store/review-store.js";
export { planRollout } from "./rollout/rollout-plan.js";
