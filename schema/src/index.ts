// @sentiment/schema: the subgraph SDLs and where they live, the API's size limits, what a sentence is (the unit of the sentence limit), and what an
// operation costs under the SDL's @cost and @listSize. Composition is `@sentiment/schema/compose`,
// kept apart so the services do not load @apollo/composition.
export { API_SCHEMA_PATH, SCHEMA_DIR, SUBGRAPHS, SUPERGRAPH_PATH, readSubgraphSdl, type SubgraphName } from "./subgraphs.js";
export { API_LIMITS, LARGEST_LEGAL_BODY_BYTES } from "./limits.js";
export { ROLLOUT_MODES, type RolloutMode } from "./rollout-modes.js";
export { sentenceSpans, type Span } from "./sentence-spans.js";
export { looksLikeNumber, passesTextMinimum, visibleCount } from "./text-rules.js";
export { CostRuleError, costRulesOf, type CostRules, type FieldCostRule, type ListSizeRule } from "./cost/cost-rules.js";
export { listSize, operationCost } from "./cost/operation-cost.js";
