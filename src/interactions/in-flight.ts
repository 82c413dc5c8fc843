import { setTimeout as sleep } from "node:timers/promises";

/**
 * The end of a drain is kept for the answers taken on just before it: a callback to Discord usually takes
 * well under a second, a vote waits for the feedback store at most RATING_SAVE_TIMEOUT_MS. Work arriving
 * later than `deadline - reserve` gets the short "shutting down" notice.
 */
export const DRAIN_ANSWER_RESERVE_MS = 2_000;

/**
 * A drain ends early once nothing is in flight and nothing new has arrived for this long: the gateway
 * delivers a burst as a stream of frames, and a lull between two of them is not the end of the burst.
 */
export const DRAIN_SETTLE_MS = 250;

/**
 * The work a transport has taken on and not finished (interactions, @mention replies), so that a stop
 * can answer what still arrives while it may, then wait for the rest.
 */
export class InFlight {
  /** performance.now() past which new work is turned away; Infinity until a drain begins. */
  private acceptUntil = Number.POSITIVE_INFINITY;
  private lastTracked = Number.NEGATIVE_INFINITY;
  private readonly tasks = new Set<Promise<void>>();

  /** False once a drain is near its deadline or over: new work gets a "shutting down" answer, or none. */
  get accepting(): boolean {
    return performance.now() < this.acceptUntil;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Keeps `task` until it settles; returns it. */
  track(task: Promise<void>): Promise<void> {
    this.lastTracked = performance.now();
    const tracked = task.finally(() => this.tasks.delete(tracked));
    this.tasks.add(tracked);
    return tracked;
  }

  /**
   * Stops within `timeoutMs`: work that arrives meanwhile is still answered, until the last
   * DRAIN_ANSWER_RESERVE_MS (or half the time, if shorter), which are kept for finishing it. Resolves
   * when nothing has been in flight or arrived for `settleMs`, or at the deadline; from then on nothing
   * is accepted.
   */
  async drain(timeoutMs: number, settleMs = DRAIN_SETTLE_MS): Promise<void> {
    const started = performance.now();
    const deadline = started + timeoutMs;
    this.acceptUntil = Math.min(
      this.acceptUntil,
      deadline - Math.min(DRAIN_ANSWER_RESERVE_MS, timeoutMs / 2),
    );
    for (;;) {
      const now = performance.now();
      if (now >= deadline) break;
      if (this.tasks.size === 0) {
        const quietSince = Math.max(this.lastTracked, started);
        if (now - quietSince >= settleMs) break;
        // A timer, not a settled promise: the loop must turn, or nothing could arrive meanwhile.
        await sleep(Math.min(quietSince + settleMs, deadline) - now);
        continue;
      }
      const stopWaiting = new AbortController();
      const timeout = sleep(deadline - now, undefined, { signal: stopWaiting.signal }).catch(() => {});
      await Promise.race([Promise.allSettled([...this.tasks]), timeout]);
      stopWaiting.abort();
    }
    this.acceptUntil = Number.NEGATIVE_INFINITY;
  }
}
