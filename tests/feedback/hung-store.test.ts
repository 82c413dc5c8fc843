import type { APIInteractionResponse, APIMessageComponentButtonInteraction } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Cooldown } from "../../src/commands/cooldown.js";
import type { FeedbackSink, RatingInput } from "../../src/commands/rating.js";
import {
  FeedbackBusyError,
  MAX_PENDING_VOTES,
  PendingLimitedSink,
} from "../../src/feedback/pending-limit.js";
import { messages } from "../../src/i18n.js";
import { InteractionCore } from "../../src/interactions/core.js";
import { DRAIN_ANSWER_RESERVE_MS } from "../../src/interactions/in-flight.js";
import { RATING_SAVE_TIMEOUT_MS } from "../../src/interactions/rating.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";
import { InteractionFactory } from "../helpers/fake-discord.js";

/** A vote as the core would pass it. */
const VOTE: RatingInput = {
  corpusVersion: "v1",
  answer: "1",
  question: "Kapan Double Eleven?",
  passageId: null,
  tier: "none",
  confidence: null,
  vote: "up",
  userId: "1",
};

/** A sink whose votes never settle until the test settles them, as on a hung disk or network mount. */
function hungSink() {
  const stuck: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const record = vi.fn<FeedbackSink["record"]>(
    () => new Promise<void>((resolve, reject) => void stuck.push({ resolve, reject })),
  );
  return { sink: { record }, record, stuck };
}

/** Every promise callback that can run now has run (setImmediate is not faked below). */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe("PendingLimitedSink", () => {
  it(`lets at most ${MAX_PENDING_VOTES} votes be pending, refusing the next at once without calling the store`, async () => {
    expect(MAX_PENDING_VOTES).toBeGreaterThanOrEqual(1);
    expect(MAX_PENDING_VOTES).toBeLessThanOrEqual(2);
    const { sink, record, stuck } = hungSink();
    const limited = new PendingLimitedSink(sink);
    const pending = Array.from({ length: MAX_PENDING_VOTES }, () => limited.record(VOTE));
    await expect(limited.record(VOTE)).rejects.toBeInstanceOf(FeedbackBusyError);
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_VOTES);
    expect(limited.pending).toBe(MAX_PENDING_VOTES);
    // One settles (a failure frees its place as a success does): one vote more is taken, not two.
    stuck[0]?.reject(new Error("EIO (test)"));
    await expect(pending[0]).rejects.toThrow("EIO (test)");
    const next = limited.record(VOTE);
    await expect(limited.record(VOTE)).rejects.toBeInstanceOf(FeedbackBusyError);
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_VOTES + 1);
    for (const vote of stuck) vote.resolve();
    await Promise.all([...pending.slice(1), next]);
    expect(limited.pending).toBe(0);
  });

  it("frees the place of a store that throws instead of returning a promise", async () => {
    const limited = new PendingLimitedSink(
      {
        record: () => {
          throw new Error("disk full (test)");
        },
      },
      1,
    );
    await expect(limited.record(VOTE)).rejects.toThrow("disk full (test)");
    await expect(limited.record(VOTE)).rejects.toThrow("disk full (test)");
    expect(limited.pending).toBe(0);
  });
});

describe("votes while the feedback store is not answering", () => {
  const make = new InteractionFactory({
    snowflake: (() => {
      let last = 910000000000000000n;
      return () => {
        last += 1n;
        return last.toString();
      };
    })(),
  });

  async function setUp() {
    const library = await loadLibrary(DEFAULT_CORPUS_DIR);
    const { sink, record, stuck } = hungSink();
    const captured = captureLogger();
    const core = new InteractionCore({
      library,
      log: captured.log,
      cooldown: new Cooldown(100, 60_000),
      feedback: sink,
    });
    let users = 0;
    /** A press of "Helpful" by a user of its own, and what the core answered it (once it has). */
    const press = () => {
      users += 1;
      const interaction = make.button(
        `rate:${library.version}:u:0:a:900`,
        {},
        { id: `77777777777777777${users}`, locale: "en-US" },
      ) as unknown as APIMessageComponentButtonInteraction;
      const answered: APIInteractionResponse[] = [];
      const handled = core.handle(interaction, async (response) => void answered.push(response));
      return { id: interaction.id, answered, handled };
    };
    const contentOf = (answered: APIInteractionResponse[]) =>
      answered.map((r) => (r.type === 4 ? r.data?.content : `type ${r.type}`));
    return { press, record, stuck, entries: captured.entries, contentOf };
  }

  it("refuses a vote at once while the limit's worth are pending, timed out ones included; takes votes again once they settle", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { press, record, stuck, entries, contentOf } = await setUp();
    const en = messages("en");
    const hung = Array.from({ length: MAX_PENDING_VOTES }, press);
    // Refused without the clock moving, so without waiting for the store.
    const refused = press();
    await settled();
    expect(contentOf(refused.answered)).toEqual([en.ratingFailed]);
    await refused.handled;
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_VOTES);
    for (const vote of hung) expect(vote.answered).toEqual([]);
    expect(
      entries().find((e) => e.event === "feedback_busy" && e.interactionId === refused.id),
    ).toMatchObject({ level: 40, pending: MAX_PENDING_VOTES });
    expect(entries().find((e) => e.event === "feedback_busy")).not.toHaveProperty("err");
    expect(entries().find((e) => e.event === "interaction" && e.interactionId === refused.id)).toMatchObject({
      outcome: "not-recorded",
      level: 40,
    });

    // The hung votes time out, and their voters are told; their writes still run, so votes are still refused.
    await vi.advanceTimersByTimeAsync(RATING_SAVE_TIMEOUT_MS);
    await Promise.all(hung.map((vote) => vote.handled));
    for (const vote of hung) expect(contentOf(vote.answered)).toEqual([en.ratingFailed]);
    const stillRefused = press();
    await settled();
    expect(contentOf(stillRefused.answered)).toEqual([en.ratingFailed]);
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_VOTES);

    // Once the store answers them, the next vote is stored and thanked for.
    for (const vote of stuck) vote.resolve();
    await settled();
    record.mockImplementation(async () => {});
    const accepted = press();
    await accepted.handled;
    expect(contentOf(accepted.answered)).toEqual([en.ratingThanks]);
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_VOTES + 1);
  });

  it("has constants that leave a drain time to answer a vote taken just before it stops accepting", () => {
    // The drain keeps DRAIN_ANSWER_RESERVE_MS for what it took on last: the store's wait, then the callback.
    const callbackAllowanceMs = 500;
    expect(RATING_SAVE_TIMEOUT_MS + callbackAllowanceMs).toBeLessThanOrEqual(DRAIN_ANSWER_RESERVE_MS);
  });

  it(`tells the voter the vote was not saved ${RATING_SAVE_TIMEOUT_MS} ms after the store stops answering, not before`, async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { press, stuck, contentOf } = await setUp();
    const vote = press();
    await vi.advanceTimersByTimeAsync(RATING_SAVE_TIMEOUT_MS - 1);
    expect(vote.answered).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vote.handled;
    expect(contentOf(vote.answered)).toEqual([messages("en").ratingFailed]);
    for (const hung of stuck) hung.resolve();
  });
});
