// @sentiment/model/eval: the behavioural suite (negation, contrast, intensity, vocabulary and
// natural sentences) and the report the training pipeline records from it.
export * from "./behaviour.js";
export { EVERYDAY_SPLITS, everydayEvaluationPath, everydayEvaluationRows, type EverydaySplit } from "./everyday.js";
export { behaviourMetrics, behaviourMetricsSchema, describeFailure, METRICS_FORMAT, regressions, type BehaviourMetrics, type Regression } from "./report.js";
