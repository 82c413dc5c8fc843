/**
 * What each kind of interaction takes from a user's budget, in fortieths of a question: a page
 * costs a quarter of a question (four pages per question), a suggestion one fortieth (a question
 * typed letter by letter asks for about forty). Integers, so spending adds up exactly.
 */
export const COOLDOWN_COST = { question: 40, page: 10, suggestion: 1 } as const;

/**
 * A per-user budget: at most `limit` questions' worth of interactions within any `windowMs`
 * (questions, pages and suggestions, by COOLDOWN_COST). A flood gets a polite notice, or no
 * suggestions, instead of the work each would cost. Users who go quiet are forgotten, so memory
 * stays flat.
 */
export class Cooldown {
  private readonly recent = new Map<string, { at: number; cost: number }[]>();
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
    const since = now - this.windowMs;
    const spent = (this.recent.get(userId) ?? []).filter((e) => e.at > since);
    let total = spent.reduce((sum, e) => sum + e.cost, 0);
    if (total + cost > this.capacity) {
      this.recent.set(userId, spent);
      // It may be answered once enough of what was spent has left the window.
      for (const e of spent) {
        total -= e.cost;
        if (total + cost <= this.capacity) return e.at + this.windowMs - now;
      }
      return this.windowMs;
    }
    spent.push({ at: now, cost });
    this.recent.set(userId, spent);
    return 0;
  }

  get trackedUsers(): number {
    return this.recent.size;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [user, spent] of this.recent) {
      if ((spent[spent.length - 1]?.at ?? 0) <= now - this.windowMs) this.recent.delete(user);
    }
  }
}
