// Every way a call can fail, in words a person can act on: never a code, a stack or JSON.
import type { ApiFailure } from "./api.js";

export interface ErrorContext {
  /** what the person was doing */
  action: "analyse" | "feedback";
  /** characters (code points) of the text after trimming, to say how much to cut */
  length: number;
  max: number;
  min: number;
  /** whether the person entered an API key, which a refusal then says was not accepted */
  hasKey: boolean;
}

function seconds(n: number | undefined): string {
  const s = Math.max(1, Math.ceil(n ?? 1));
  return s === 1 ? "a second" : `${s} seconds`;
}

/** The message shown for a failed call. */
export function describeFailure(failure: ApiFailure, context: ErrorContext): string {
  const reference = failure.requestId ? ` (reference ${failure.requestId})` : "";
  if (failure.kind === "network") return "The server cannot be reached. Check your connection, or whether the service is running, and try again.";
  const message = failure.message ?? "";
  switch (failure.code) {
    case "BAD_USER_INPUT":
      if (/at least \d+ characters/.test(message)) return `The text is too short: write at least ${context.min} characters (spaces at either end do not count).`;
      if (/at most \d+ characters/.test(message)) {
        const over = context.length - context.max;
        return `The text is too long: the limit is ${context.max.toLocaleString("en")} characters${over > 0 ? `, so remove ${over.toLocaleString("en")} of them` : ""}.`;
      }
      if (/cannot be a number/.test(message)) return "That is only a number, not a review. Write a few words about what you thought.";
      if (/control characters/.test(message)) return "The text contains invisible control characters (other than tabs and new lines). Remove them, or paste the text as plain text, and try again.";
      if (/valid Unicode/.test(message)) return "The text contains a broken character. Paste it again from its source.";
      if (/No review has this id/.test(message)) return "That review no longer exists.";
      {
        const sentences = /at most (\d+) sentences.*?has (\d+)/.exec(message);
        if (sentences) return `The text has ${Number(sentences[2]).toLocaleString("en")} sentences, more than the ${sentences[1]} the model reads one by one. Split it into parts of at most ${sentences[1]} sentences and try again.`;
      }
      // A rule this page does not know yet: the API's own message is written for people.
      return message ? `The server did not accept this text: ${message}` : "The server did not accept this text. Change it and try again.";
    case "RATE_LIMITED":
      // Refused for the key, not for the pace: waiting does not help, a key typed right works at once.
      if (context.hasKey && (failure.limit === "credential_failures" || failure.limit === "address_failures")) return "The API key you entered has been refused too many times in a row: it may be mistyped, expired or revoked. Check it under “Your API key”; a valid key works at once.";
      return `Too many requests from you in a short time. Wait ${seconds(failure.retryAfterSeconds)} and try again.`;
    case "OVERLOADED":
      return `The sentiment model is busy with other texts right now. Try again in ${seconds(failure.retryAfterSeconds)}.`;
    case "SERVICE_UNAVAILABLE":
      if (failure.service === "ml") return "The sentiment model is not answering right now. Try again in a moment.";
      if (failure.service === "reviews") return "The service that checks and stores texts is not answering right now. Try again in a moment.";
      return "The service is down right now. Try again in a moment.";
    case "UNAUTHENTICATED":
      if (context.hasKey) return "The API key you entered was not accepted: it may be mistyped, expired or revoked. Check it under “Your API key” and try again.";
      return context.action === "feedback"
        ? "Feedback is kept per person, so it needs an API key. Enter yours under “Your API key” and press the button again."
        : "This server needs an API key before it analyses text. Enter yours under “Your API key” and try again.";
    case "FORBIDDEN":
      return "Your API key is not allowed to do this. Ask for a key with the right role.";
    case "QUOTA_EXCEEDED":
      return "You have given as much feedback on different texts as one key may keep. Feedback on a text you rated before still replaces your earlier answer.";
    case "QUERY_TOO_COSTLY":
      return "That request is larger than the server allows. Ask for fewer highlighted words.";
    case "OPERATION_NOT_ALLOWED":
    case "PERSISTED_QUERY_NOT_FOUND":
    case "PERSISTED_QUERY_NOT_SUPPORTED":
      return "This page and the server come from different versions. Reload the page.";
    case "PAYLOAD_TOO_LARGE":
      return "The text is too large to send. Shorten it and try again.";
    default:
      break;
  }
  if (failure.status === 429) return `Too many requests from you in a short time. Wait ${seconds(failure.retryAfterSeconds)} and try again.`;
  if (failure.status !== undefined && failure.status >= 502 && failure.status <= 504) return "The service is down right now. Try again in a moment.";
  return `Something went wrong on the server. Try again; if it keeps happening, tell the people who run it${reference}.`;
}
