/**
 * A per-user limit on questions: at most `limit` within any `windowMs`. A flood gets a polite
 * notice instead of an answer to each message. Users who go quiet are forgotten, so memory stays flat.
 */
export class Cooldown {
  private readonly recent = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a question; returns 0 when it may be answered, else the milliseconds until it may. */
  take(userId: string, now = Date.now()): number {
    this.sweep(now);
    const since = now - this.windowMs;
    const times = (this.recent.get(userId) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.recent.set(userId, times);
      return (times[0] as number) + this.windowMs - now;
    }
    times.push(now);
    this.recent.set(userId, times);
    return 0;
  }

  get trackedUsers(): number {
    return this.recent.size;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [user, times] of this.recent) {
      if ((times[times.length - 1] ?? 0) <= now - this.windowMs) this.recent.delete(user);
    }
  }
}
