import type { APIMessage, APIMessageComponentInteraction } from "discord-api-types/v10";
import { decodeRatingButton, type FeedbackSink, type RatingInput } from "../commands/rating.js";
import { FeedbackBusyError } from "../feedback/pending-limit.js";
import { type Messages, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";

/** The names the question field has in either language (the answer may be in either). */
const QUESTION_FIELDS = new Set([messages("en").question, messages("id").question]);

/** Markdown escapes and the zero-width spaces that broke mentions, taken back out. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\u200b/g, "").replace(/\\(.)/g, "$1");
}

/** The question an answer message echoes (its "Question" field), as the asker typed it. */
export function questionOf(message: Pick<APIMessage, "embeds">): string {
  const field = message.embeds?.[0]?.fields?.find((f) => QUESTION_FIELDS.has(f.name));
  return field ? unescapeMarkdown(field.value) : "";
}

/**
 * How long a vote may take to be stored before the voter is told it was not: Discord drops an
 * interaction not answered within 3 seconds, and a drain keeps DRAIN_ANSWER_RESERVE_MS (2 s) for
 * the last work it took on, this wait and the callback after it. (A write that completes later is
 * kept; a second click then only repeats the vote, and the last click counts.)
 */
export const RATING_SAVE_TIMEOUT_MS = 1_500;

export interface RatingResult {
  /** The private acknowledgement, or the reason the press was refused or the vote not saved. */
  text: string;
  /** rated: stored (or no store configured); not-recorded: the store failed; rejected: not a vote. */
  status: "rated" | "not-recorded" | "rejected";
  passageId: string | null;
  vote?: "up" | "down";
}

/** Stores the vote, or rejects: when the sink fails, throws, or does not settle within `timeoutMs`. */
async function storeWithin(sink: FeedbackSink, vote: RatingInput, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the feedback store did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    // Called at once (a sink that throws rejects `stored`); race() handles a late rejection.
    const stored = (async () => sink.record(vote))();
    await Promise.race([stored, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A press of "Helpful" or "Not helpful": the vote goes to the feedback store with the question read
 * from the answer message. A press that is not a vote is refused without touching the store; a vote is
 * answered once the store settles: thanked when it was recorded, told it was not (and logged) when it
 * could not be. Without a store, votes are thanked for and only logged.
 */
export async function rate(
  deps: { library: Library; log: Logger; feedback?: FeedbackSink },
  interaction: APIMessageComponentInteraction,
  userId: string,
  t: Messages,
): Promise<RatingResult> {
  const decoded = decodeRatingButton(deps.library, interaction.data.custom_id);
  // The answer message carries the question; a press without it is not one Discord would send.
  if (decoded.kind !== "rating" || !interaction.message)
    return { text: t.badButton, status: "rejected", passageId: null };
  const { answer } = decoded;
  const rated = { passageId: answer.passageId, vote: decoded.vote };
  if (!deps.feedback) return { text: t.ratingThanks, status: "rated", ...rated };
  const vote: RatingInput = {
    corpusVersion: decoded.corpusVersion,
    answer: interaction.message.id,
    question: questionOf(interaction.message),
    passageId: answer.passageId,
    tier: answer.tier,
    confidence: answer.confidence,
    vote: decoded.vote,
    userId,
  };
  try {
    await storeWithin(deps.feedback, vote, RATING_SAVE_TIMEOUT_MS);
  } catch (error) {
    // Busy is expected while the disk hangs: one short line per vote, not a stack trace each.
    if (error instanceof FeedbackBusyError)
      deps.log.warn({ event: "feedback_busy", interactionId: interaction.id, pending: error.pending });
    else deps.log.error({ event: "feedback_failed", interactionId: interaction.id, err: error });
    return { text: t.ratingFailed, status: "not-recorded", ...rated };
  }
  return { text: t.ratingThanks, status: "rated", ...rated };
}
