import type { APIMessage, APIMessageComponentInteraction } from "discord-api-types/v10";
import { decodeRatingButton, type FeedbackSink } from "../commands/rating.js";
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

export interface RatingResult {
  /** The private acknowledgement, or the reason the press was refused. */
  text: string;
  recorded: boolean;
  passageId: string | null;
  vote?: "up" | "down";
}

/**
 * A press of "Helpful" or "Not helpful": the vote goes to the feedback store with the question read
 * from the answer message. A vote that cannot be written is logged and still thanked for: the user did
 * their part.
 */
export function rate(
  deps: { library: Library; log: Logger; feedback?: FeedbackSink },
  interaction: APIMessageComponentInteraction,
  userId: string,
  t: Messages,
): RatingResult {
  const decoded = decodeRatingButton(deps.library, interaction.data.custom_id);
  // The answer message carries the question; a press without it is not one Discord would send.
  if (decoded.kind !== "rating" || !interaction.message)
    return { text: t.badButton, recorded: false, passageId: null };
  const { answer } = decoded;
  try {
    deps.feedback?.record({
      corpusVersion: decoded.corpusVersion,
      answer: interaction.message.id,
      question: questionOf(interaction.message),
      passageId: answer.passageId,
      tier: answer.tier,
      confidence: answer.confidence,
      vote: decoded.vote,
      userId,
    });
  } catch (error) {
    deps.log.error({ event: "feedback_failed", interactionId: interaction.id, err: error });
  }
  return { text: t.ratingThanks, recorded: true, passageId: answer.passageId, vote: decoded.vote };
}
