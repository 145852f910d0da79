// @sentiment/model: the training pipeline that turns the project's data (model/data) into one self-contained ONNX
// file. The contract of that file (tensor names, outputs, manifest) has a door of its own,
// @sentiment/model/contract, so that serving it needs none of the training code.
export { DEFAULT_FEEDBACK_WEIGHT, DEFAULT_PARAMETERS, evaluate, exportArtifacts, fitModel, fittingExamples, leaveOneDomainOut, lexicons, modelBytes, prepare, readOtherDomains, train } from "./pipeline.js";
export type { CrossValidationResult, DomainHoldOut, Evaluation, ExportedArtifacts, PipelineParameters, PreparedData, Progress, TrainingResult } from "./pipeline.js";
export { decisionValue, fitCalibration, positiveProbability, tokenContributions, trainClassifier } from "./training/classifier.js";
export type { Calibration, Classifier, TrainingParameters, TrainingProgress } from "./training/classifier.js";
export { groupedFolds } from "./training/cross-validation.js";
export { buildOnnxModel, type ExportOptions } from "./export/graph.js";
export { defaultLexicons, LEXICON_DIR, type Lexicon } from "./features/lexicons.js";
export { DataFileError, parsePhraseFile, PHRASE_FILE_HEADER, readPhraseFile, type LabelledPhrase } from "./data/phrase-file.js";
export { CORPUS_HEADER, formatCorpus, KINDS, parseCorpus, readCorpusFile, type CorpusRow, type Kind } from "./data/corpus.js";
export { DATA_FILES, prepareDataFiles, REVIEW_DOMAINS, REVIEW_TEST_PERCENT, SENTENCE_WORDS, SOURCE_SHA256 } from "./data/prepare-data.js";
export { renderDataReadme } from "./data/data-readme.js";
export { EVERYDAY_SENTENCES_FILE, EVERYDAY_SOURCE, EVERYDAY_TOPIC_DOMAINS, EVERYDAY_TOPICS_WITHOUT_DOMAIN, readEverydaySentences } from "./data/everyday-sentences.js";
export { FEEDBACK_HELD_OUT_PERCENT, FEEDBACK_KIND, FEEDBACK_SOURCE, feedbackGroup, feedbackRows, formatFeedbackFile, isHeldOutFeedback, parseFeedbackFile, readFeedbackData, type FeedbackData, type FeedbackProvenance, type FeedbackRecord, type FeedbackRow } from "./data/feedback-file.js";
export type { KindWeights } from "./training/examples.js";
