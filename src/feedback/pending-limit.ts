/**
 * A bound on the votes being stored at once. The store's file I/O (mkdir, open, write, close) runs on
 * libuv's thread pool, four threads shared with Ed25519 signature checks and DNS lookups. On a hung disk
 * or network mount each stuck vote holds a thread for as long as the mount hangs, long after its voter
 * was told it was not saved: without a bound, a few votes would take the whole pool and the bot would
 * stop answering anything.
 */
import type { FeedbackSink, RatingInput } from "../commands/rating.js";

/**
 * Votes that may be pending at once, those that timed out but whose I/O still runs included: the pool
 * keeps at least two threads for everything else, and two voters at the same moment are both stored.
 */
export const MAX_PENDING_VOTES = 2;

/** The vote was not tried: as many votes as the bound allows are still being stored. */
export class FeedbackBusyError extends Error {
  override readonly name: string = "FeedbackBusyError";
  constructor(readonly pending: number) {
    super(
      `${pending} earlier votes are still being stored (is the feedback file's disk hanging?): this one was not tried`,
    );
  }
}

/**
 * A sink that passes at most `limit` votes at once to `sink`, and refuses the next at once, without
 * calling it, with FeedbackBusyError. A vote counts until `sink` settles it, however long that takes.
 */
export class PendingLimitedSink implements FeedbackSink {
  #pending = 0;

  constructor(
    private readonly sink: FeedbackSink,
    readonly limit = MAX_PENDING_VOTES,
  ) {}

  /** Votes passed to the sink and not yet settled by it. */
  get pending(): number {
    return this.#pending;
  }

  async record(input: RatingInput): Promise<unknown> {
    if (this.#pending >= this.limit) throw new FeedbackBusyError(this.#pending);
    this.#pending += 1;
    try {
      return await this.sink.record(input);
    } finally {
      this.#pending -= 1;
    }
  }
}
