import { setTimeout as sleep } from "node:timers/promises";

/**
 * The work a transport has taken on and not finished (interactions, @mention replies), so that a stop
 * can refuse new work and wait for the rest.
 */
export class InFlight {
  private open = true;
  private readonly tasks = new Set<Promise<void>>();

  /** False once draining has begun: new work gets a "shutting down" answer, or none. */
  get accepting(): boolean {
    return this.open;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Keeps `task` until it settles; returns it. */
  track(task: Promise<void>): Promise<void> {
    const tracked = task.finally(() => this.tasks.delete(tracked));
    this.tasks.add(tracked);
    return tracked;
  }

  /** Stops accepting and waits for the work in flight (at most `timeoutMs`). */
  async drain(timeoutMs: number): Promise<void> {
    this.open = false;
    const deadline = performance.now() + timeoutMs;
    // Notices to work that arrives while draining are in flight too: wait until none is left.
    while (this.tasks.size > 0 && performance.now() < deadline) {
      const stopWaiting = new AbortController();
      const timeout = sleep(deadline - performance.now(), undefined, { signal: stopWaiting.signal }).catch(
        () => {},
      );
      await Promise.race([Promise.allSettled([...this.tasks]), timeout]);
      stopWaiting.abort();
    }
  }
}
