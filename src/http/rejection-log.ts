import type { Logger } from "../log.js";
import type { SignatureFailure } from "./signature.js";

/**
 * The log of requests the endpoint refuses. Anyone can send them, thousands a second: each gets a debug
 * line, and a warn line sums them up at most once per interval, so an attack shows without flooding the log.
 */

/** Why a request (or a connection) was refused. */
export type RejectionReason =
  | SignatureFailure
  /** 413: the body is over the per-body cap. */
  | "too_large"
  /** 400: signed, but not an interaction. */
  | "invalid_json"
  /** 409: an interaction id already answered, sent again. */
  | "replayed"
  /** 503: the bytes held for unverified bodies are at their cap. */
  | "over_budget"
  /** 503: as many interaction ids remembered as allowed, none yet forgettable. */
  | "replay_memory_full"
  /** 408: the body did not arrive within the body deadline; the connection is closed. */
  | "body_timeout"
  /** The connection was closed on arrival: as many open as allowed. No response is sent. */
  | "too_many_connections";

/** What the debug line says of a refusal besides its reason. */
export interface RejectionDetails {
  /** The HTTP status answered; none when the connection was closed without an answer. */
  status?: number;
  latencyMs?: number;
  /** The interaction id, once the body was verified and parsed (a replay). */
  id?: string;
}

export class RejectionLog {
  #counts = new Map<RejectionReason, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Pick<Logger, "debug" | "warn">,
    /** The shortest time between two summary lines. */
    private readonly intervalMs: number,
  ) {}

  /** Logs one refusal at debug and counts it; the first after a quiet spell starts the interval. */
  record(reason: RejectionReason, details: RejectionDetails = {}): void {
    this.log.debug({ event: "interaction_rejected", reason, ...details });
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.intervalMs);
      // A pending summary does not keep the process alive; stopping the server writes it.
      this.#timer.unref();
    }
  }

  /** Writes the summary of the refusals counted since the last one (none when there were none). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#counts.size === 0) return;
    const reasons = Object.fromEntries(this.#counts);
    const total = [...this.#counts.values()].reduce((sum, count) => sum + count, 0);
    this.#counts = new Map();
    this.log.warn({ event: "interactions_rejected", total, reasons, intervalMs: this.intervalMs });
  }
}
