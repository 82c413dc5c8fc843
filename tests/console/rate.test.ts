import { beforeAll, describe, expect, it, vi } from "vitest";
import { ask } from "../../src/commands/ask.js";
import type { FeedbackSink } from "../../src/commands/rating.js";
import { rateInConsole } from "../../src/console/console.js";
import { type Lang, messages } from "../../src/i18n.js";
import { type Library, loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";

let library: Library;
beforeAll(async () => {
  library = await loadLibrary(DEFAULT_CORPUS_DIR);
});

const QUESTION = "Kapan Double Eleven?";

/** /rate as the console runs it, on an answer to QUESTION in `lang`. */
function rateAnswer(lang: Lang, feedback: FeedbackSink | undefined, vote: "up" | "down" | undefined) {
  const captured = captureLogger();
  const reply = ask(library, QUESTION, { lang, ephemeral: false }).reply;
  const context = { library, log: captured.log, lang, session: "2026-01-01T00:00:00.000Z" };
  return {
    said: rateInConsole(feedback ? { ...context, feedback } : context, { reply, number: 3 }, vote),
    entries: captured.entries,
  };
}

describe("/rate's answer is in the console's words itself", () => {
  it.each(["en", "id"] as const)(
    "thanks for a recorded vote without speaking of clicking (%s)",
    async (lang) => {
      const record = vi.fn<FeedbackSink["record"]>(async () => {});
      expect(await rateAnswer(lang, { record }, "down").said).toBe(messages(lang).consoleRatingThanks);
      expect(record).toHaveBeenCalledWith(
        expect.objectContaining({
          answer: "console:2026-01-01T00:00:00.000Z:3",
          question: QUESTION,
          vote: "down",
          userId: "console",
        }),
      );
      // With no store, the vote is thanked for the same way.
      expect(await rateAnswer(lang, undefined, "up").said).toBe(messages(lang).consoleRatingThanks);
    },
  );

  it("says the vote was not saved when the store fails, and logs it", async () => {
    const failing: FeedbackSink = {
      record: async () => {
        throw new Error("disk full (test)");
      },
    };
    const { said, entries } = rateAnswer("en", failing, "up");
    expect(await said).toBe(messages("en").ratingFailed);
    expect(entries().find((e) => e.event === "feedback_failed")).toMatchObject({ id: "console-3" });
  });

  it("says how to rate, and that there is nothing to rate yet", async () => {
    expect(await rateAnswer("id", undefined, undefined).said).toBe(messages("id").consoleRateUsage);
    const context = { library, log: captureLogger().log, lang: "en" as const, session: "s" };
    expect(await rateInConsole(context, undefined, "up")).toBe(messages("en").consoleNothingToRate);
  });
});
