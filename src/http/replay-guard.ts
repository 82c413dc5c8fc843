import { MAX_TIMESTAMP_SKEW_MS } from "./signature.js";

/**
 * The interaction ids already answered, so a signed request sent again (replayed) is refused. A signed copy
 * passes the signature check while its timestamp is within MAX_TIMESTAMP_SKEW_MS of now, so an id is kept
 * until `signed at + skew` and forgotten after, when every copy of it is refused as stale anyway.
 */

/** `first`: not seen, now remembered. `replayed`: seen within its window. `full`: not seen, no room. */
export type ReplayVerdict = "first" | "replayed" | "full";

export interface ReplayGuardOptions {
  /** The most ids remembered at once. */
  capacity: number;
  /** The clock, in ms since the epoch. */
  now: () => number;
  /** How long after its timestamp a signed request is still accepted. Defaults to MAX_TIMESTAMP_SKEW_MS. */
  windowMs?: number;
}

export class ReplayGuard {
  /** id -> when it may be forgotten (ms since the epoch). */
  readonly #expiries = new Map<string, number>();
  /**
   * The same ids grouped by expiry. Timestamps are whole seconds and accepted only within the window, so
   * there are at most a few hundred groups: forgetting the expired ones never walks the ids one by one.
   */
  readonly #byExpiry = new Map<number, string[]>();
  /** The earliest expiry remembered (Infinity when none): nothing to forget before it. */
  #nextExpiry = Number.POSITIVE_INFINITY;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #windowMs: number;

  constructor(options: ReplayGuardOptions) {
    this.#capacity = options.capacity;
    this.#now = options.now;
    this.#windowMs = options.windowMs ?? MAX_TIMESTAMP_SKEW_MS;
  }

  /** Ids remembered now. */
  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Checks `id`, signed at `signedAtMs`, and remembers it when it is new. Only for requests whose signature
   * passed: an unverified id must not take the place of the real one. When full, a new id is refused
   * rather than an id still inside its window forgotten (that would let its copies through again).
   */
  check(id: string, signedAtMs: number): ReplayVerdict {
    const now = this.#now();
    this.#forgetExpired(now);
    if (this.#expiries.has(id)) return "replayed";
    if (this.#expiries.size >= this.#capacity) return "full";
    const expiry = signedAtMs + this.#windowMs;
    this.#expiries.set(id, expiry);
    const group = this.#byExpiry.get(expiry);
    if (group) group.push(id);
    else this.#byExpiry.set(expiry, [id]);
    this.#nextExpiry = Math.min(this.#nextExpiry, expiry);
    return "first";
  }

  /** Forgets the ids whose window is over: a signed copy of them would be refused as stale. */
  #forgetExpired(now: number): void {
    if (now <= this.#nextExpiry) return;
    let next = Number.POSITIVE_INFINITY;
    for (const [expiry, ids] of this.#byExpiry) {
      if (expiry < now) {
        for (const id of ids) this.#expiries.delete(id);
        this.#byExpiry.delete(expiry);
      } else {
        next = Math.min(next, expiry);
      }
    }
    this.#nextExpiry = next;
  }
}
