/**
 * What each kind of interaction takes from a user's budget, in 200ths of a question: a page costs
 * a quarter of a question, a suggestion 1/200 (a question typed letter by letter asks for about
 * forty, a fifth of a question: typing must not use up the questions). Integers, so spending adds up
 * exactly.
 */
export const COOLDOWN_COST = { question: 200, page: 50, suggestion: 1 } as const;

/** One user's spending within the window, oldest first, with its running total. */
interface Spending {
  entries: { at: number; cost: number }[];
  /** Index of the oldest entry still in the window: expired ones are skipped, not spliced out. */
  head: number;
  total: number;
}

/**
 * A per-user budget: at most `limit` questions' worth of interactions within any `windowMs`
 * (questions, pages and suggestions, by COOLDOWN_COST). A flood gets a polite notice, or no
 * suggestions, instead of the work each would cost. Each take costs O(1) amortised; users who go
 * quiet are forgotten, so memory stays flat.
 */
export class Cooldown {
  private readonly users = new Map<string, Spending>();
  private readonly capacity: number;
  private sweptAt = 0;

  constructor(
    limit: number,
    private readonly windowMs: number,
  ) {
    this.capacity = limit * COOLDOWN_COST.question;
  }

  /** Records an interaction; returns 0 when it may be answered, else the milliseconds until it may. */
  take(userId: string, now = Date.now(), cost: number = COOLDOWN_COST.question): number {
    this.sweep(now);
    const spending = this.users.get(userId) ?? { entries: [], head: 0, total: 0 };
    this.users.set(userId, spending);
    this.expire(spending, now);
    if (spending.total + cost > this.capacity) {
      // It may be answered once enough of what was spent has left the window.
      let total = spending.total;
      for (let i = spending.head; i < spending.entries.length; i += 1) {
        const entry = spending.entries[i] as { at: number; cost: number };
        total -= entry.cost;
        if (total + cost <= this.capacity) return entry.at + this.windowMs - now;
      }
      return this.windowMs;
    }
    spending.entries.push({ at: now, cost });
    spending.total += cost;
    return 0;
  }

  get trackedUsers(): number {
    return this.users.size;
  }

  /** Interactions remembered, over all users: what the budget holds in memory. */
  get trackedEntries(): number {
    let count = 0;
    for (const spending of this.users.values()) count += spending.entries.length;
    return count;
  }

  private expire(spending: Spending, now: number): void {
    const since = now - this.windowMs;
    while (spending.head < spending.entries.length) {
      const oldest = spending.entries[spending.head] as { at: number; cost: number };
      if (oldest.at > since) break;
      spending.total -= oldest.cost;
      spending.head += 1;
    }
    // Compact once the skipped part dominates, so the array does not grow without bound.
    if (spending.head > 32 && spending.head * 2 > spending.entries.length) {
      spending.entries = spending.entries.slice(spending.head);
      spending.head = 0;
    }
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [user, spending] of this.users) {
      if ((spending.entries[spending.entries.length - 1]?.at ?? 0) <= now - this.windowMs)
        this.users.delete(user);
    }
  }
}
