import type { FeedbackRecord } from "../../src/feedback/store.js";

/** Two users, as the store writes them: already hashed. */
export const ALICE = "a".repeat(64);
export const BOB = "b".repeat(64);

let clock = Date.parse("2025-03-01T00:00:00.000Z");

/** A record as the store writes it, each one a second after the last. */
export function rec(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  clock += 1000;
  return {
    time: new Date(clock).toISOString(),
    corpusVersion: "v1",
    answer: "m1",
    question: "Kapan Double Eleven?",
    passageId: "jack-ma-5-janji:10",
    tier: "answer",
    confidence: 0.9,
    vote: "up",
    user: ALICE,
    ...overrides,
  };
}

/** The feedback file holding `records`. */
export function lines(records: readonly FeedbackRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}
