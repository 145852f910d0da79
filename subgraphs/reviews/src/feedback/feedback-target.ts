// Which text a submitFeedback call is about: a stored review (by id) or a text given inline,
// exactly one of the two.
export type FeedbackTarget = { kind: "review"; reviewId: string } | { kind: "text"; text: string } | { kind: "invalid"; message: string };

export function feedbackTarget(input: { reviewId?: string | null; text?: string | null }): FeedbackTarget {
  const hasId = input.reviewId != null;
  const hasText = input.text != null;
  if (hasId === hasText) return { kind: "invalid", message: "Give either reviewId or text, not both and not neither" };
  return hasId ? { kind: "review", reviewId: input.reviewId as string } : { kind: "text", text: input.text as string };
}
