import type { RatingInput, Vote } from "../feedback/store.js";
import { type Lang, messages } from "../i18n.js";
import { DISCORD_LIMITS } from "../interactions/limits.js";
import type { Library } from "../library.js";
import type { Tier } from "../search/confidence.js";
import type { ReplyButton } from "./reply.js";

export type { RatingInput, Vote };

/** What a rating is about: the passage shown (null when the article did not answer), its tier and confidence. */
export interface RatedAnswer {
  passageId: string | null;
  tier: Tier;
  /** The confidence model's probability, when the button knows it (the first page of an answer). */
  confidence: number | null;
}

export type DecodedRating =
  | { kind: "rating"; vote: Vote; corpusVersion: string; stale: boolean; answer: RatedAnswer }
  | { kind: "invalid"; reason: string };

/**
 * Rating buttons are stateless like the page buttons: `rate:<corpus version>:<u|d>:<passage ordinal or
 * ->:<a|m|n tier>:<confidence in thousandths or ->`, e.g. `rate:Xy12_-ab:u:29:a:946`. The question is
 * read from the answer message itself when the button is pressed.
 */
const PREFIX = "rate";
const PATTERN = /^rate:([\w-]{1,16}):([ud]):(\d{1,6}|-):([amn]):(\d{1,4}|-)$/;
const TIERS: Readonly<Record<string, Tier>> = { a: "answer", m: "maybe", n: "none" };

export function isRatingButton(customId: string): boolean {
  return customId.startsWith(`${PREFIX}:`);
}

function encode(library: Library, vote: Vote, answer: RatedAnswer): string {
  const ordinal = answer.passageId === null ? "-" : library.kb.ordinalOf(answer.passageId);
  if (ordinal === undefined) throw new Error(`passage ${answer.passageId} is not in the library`);
  const confidence = answer.confidence === null ? "-" : String(Math.round(answer.confidence * 1000));
  const id = [PREFIX, library.version, vote === "up" ? "u" : "d", ordinal, answer.tier[0], confidence].join(
    ":",
  );
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`button id too long: ${id.length}`);
  return id;
}

/** "Helpful" and "Not helpful", for the answer shown. */
export function ratingButtons(library: Library, answer: RatedAnswer, lang: Lang): ReplyButton[] {
  const t = messages(lang);
  return [
    { id: encode(library, "up", answer), label: t.helpful, rating: true },
    { id: encode(library, "down", answer), label: t.notHelpful, rating: true },
  ];
}

/** A press read back. From an older corpus version the vote still counts, but its passage is unknown. */
export function decodeRatingButton(library: Library, customId: string): DecodedRating {
  const match = PATTERN.exec(customId);
  if (!match) return { kind: "invalid", reason: "malformed id" };
  const [, version = "", vote, ordinal = "-", tier = "n", confidence = "-"] = match;
  const stale = version !== library.version;
  const passage = ordinal === "-" || stale ? undefined : library.kb.passageAt(Number(ordinal));
  if (ordinal !== "-" && !stale && !passage) return { kind: "invalid", reason: `no passage ${ordinal}` };
  return {
    kind: "rating",
    vote: vote === "u" ? "up" : "down",
    corpusVersion: version,
    stale,
    answer: {
      passageId: passage?.id ?? null,
      tier: TIERS[tier] ?? "none",
      confidence: confidence === "-" ? null : Math.min(1, Number(confidence) / 1000),
    },
  };
}

/**
 * Where votes go. The vote is acknowledged once `record` settles: thanked when it resolves, and the
 * voter told it was not saved when it rejects (or throws) or takes longer than RATING_SAVE_TIMEOUT_MS.
 * The interaction core calls it for at most MAX_PENDING_VOTES votes at once (feedback/pending-limit.ts).
 */
export interface FeedbackSink {
  record(input: RatingInput): Promise<unknown>;
}
