/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AnalyzeReview($text: String!) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n    }\n  }\n}\n\nquery AnalyzeReviewDetail($text: String!, $top: Int = 5) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n      mixed\n      sentences {\n        text\n        start\n        end\n        label\n        score\n        positiveProbability\n      }\n      explanation(top: $top) {\n        word\n        start\n        end\n        weight\n      }\n    }\n  }\n}\n\nquery AnalyzeReviews($texts: [String!]!) {\n  analyzeReviews(texts: $texts) {\n    text\n    sentiment {\n      label\n      score\n    }\n  }\n}\n\nquery ModelInfo {\n  modelInfo {\n    version\n    sha256\n    loadedAt\n    metrics {\n      accuracy\n      expectedCalibrationError\n    }\n  }\n}": typeof types.AnalyzeReviewDocument,
    "mutation SubmitReview($text: String!, $idempotencyKey: String) {\n  submitReview(input: {text: $text, idempotencyKey: $idempotencyKey}) {\n    id\n    text\n    createdAt\n  }\n}\n\nquery Review($id: ID!) {\n  review(id: $id) {\n    id\n    text\n    createdAt\n    sentiment {\n      label\n      score\n      positiveProbability\n      modelVersion\n    }\n  }\n}\n\nquery ReviewsPage($first: Int!, $after: String) {\n  reviews(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        text\n        sentiment {\n          label\n          score\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation DeleteReview($id: ID!, $idempotencyKey: String) {\n  deleteReview(id: $id, idempotencyKey: $idempotencyKey)\n}": typeof types.SubmitReviewDocument,
};
const documents: Documents = {
    "query AnalyzeReview($text: String!) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n    }\n  }\n}\n\nquery AnalyzeReviewDetail($text: String!, $top: Int = 5) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n      mixed\n      sentences {\n        text\n        start\n        end\n        label\n        score\n        positiveProbability\n      }\n      explanation(top: $top) {\n        word\n        start\n        end\n        weight\n      }\n    }\n  }\n}\n\nquery AnalyzeReviews($texts: [String!]!) {\n  analyzeReviews(texts: $texts) {\n    text\n    sentiment {\n      label\n      score\n    }\n  }\n}\n\nquery ModelInfo {\n  modelInfo {\n    version\n    sha256\n    loadedAt\n    metrics {\n      accuracy\n      expectedCalibrationError\n    }\n  }\n}": types.AnalyzeReviewDocument,
    "mutation SubmitReview($text: String!, $idempotencyKey: String) {\n  submitReview(input: {text: $text, idempotencyKey: $idempotencyKey}) {\n    id\n    text\n    createdAt\n  }\n}\n\nquery Review($id: ID!) {\n  review(id: $id) {\n    id\n    text\n    createdAt\n    sentiment {\n      label\n      score\n      positiveProbability\n      modelVersion\n    }\n  }\n}\n\nquery ReviewsPage($first: Int!, $after: String) {\n  reviews(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        text\n        sentiment {\n          label\n          score\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation DeleteReview($id: ID!, $idempotencyKey: String) {\n  deleteReview(id: $id, idempotencyKey: $idempotencyKey)\n}": types.SubmitReviewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AnalyzeReview($text: String!) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n    }\n  }\n}\n\nquery AnalyzeReviewDetail($text: String!, $top: Int = 5) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n      mixed\n      sentences {\n        text\n        start\n        end\n        label\n        score\n        positiveProbability\n      }\n      explanation(top: $top) {\n        word\n        start\n        end\n        weight\n      }\n    }\n  }\n}\n\nquery AnalyzeReviews($texts: [String!]!) {\n  analyzeReviews(texts: $texts) {\n    text\n    sentiment {\n      label\n      score\n    }\n  }\n}\n\nquery ModelInfo {\n  modelInfo {\n    version\n    sha256\n    loadedAt\n    metrics {\n      accuracy\n      expectedCalibrationError\n    }\n  }\n}"): (typeof documents)["query AnalyzeReview($text: String!) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n    }\n  }\n}\n\nquery AnalyzeReviewDetail($text: String!, $top: Int = 5) {\n  analyzeReview(text: $text) {\n    text\n    sentiment {\n      label\n      score\n      positiveProbability\n      mixed\n      sentences {\n        text\n        start\n        end\n        label\n        score\n        positiveProbability\n      }\n      explanation(top: $top) {\n        word\n        start\n        end\n        weight\n      }\n    }\n  }\n}\n\nquery AnalyzeReviews($texts: [String!]!) {\n  analyzeReviews(texts: $texts) {\n    text\n    sentiment {\n      label\n      score\n    }\n  }\n}\n\nquery ModelInfo {\n  modelInfo {\n    version\n    sha256\n    loadedAt\n    metrics {\n      accuracy\n      expectedCalibrationError\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitReview($text: String!, $idempotencyKey: String) {\n  submitReview(input: {text: $text, idempotencyKey: $idempotencyKey}) {\n    id\n    text\n    createdAt\n  }\n}\n\nquery Review($id: ID!) {\n  review(id: $id) {\n    id\n    text\n    createdAt\n    sentiment {\n      label\n      score\n      positiveProbability\n      modelVersion\n    }\n  }\n}\n\nquery ReviewsPage($first: Int!, $after: String) {\n  reviews(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        text\n        sentiment {\n          label\n          score\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation DeleteReview($id: ID!, $idempotencyKey: String) {\n  deleteReview(id: $id, idempotencyKey: $idempotencyKey)\n}"): (typeof documents)["mutation SubmitReview($text: String!, $idempotencyKey: String) {\n  submitReview(input: {text: $text, idempotencyKey: $idempotencyKey}) {\n    id\n    text\n    createdAt\n  }\n}\n\nquery Review($id: ID!) {\n  review(id: $id) {\n    id\n    text\n    createdAt\n    sentiment {\n      label\n      score\n      positiveProbability\n      modelVersion\n    }\n  }\n}\n\nquery ReviewsPage($first: Int!, $after: String) {\n  reviews(first: $first, after: $after) {\n    edges {\n      cursor\n      node {\n        id\n        text\n        sentiment {\n          label\n          score\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nmutation DeleteReview($id: ID!, $idempotencyKey: String) {\n  deleteReview(id: $id, idempotencyKey: $idempotencyKey)\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;