import type { IncomingMessage } from "node:http";

/**
 * Reading request bodies before their signature is checked: anyone can send them, so what they may hold in
 * memory is bounded per body (`limit`) and across all of them (`UnverifiedBytes`).
 */

/**
 * The bytes held, across all requests, for bodies whose signature has not been checked yet. A body takes
 * its bytes as they arrive and gives them back once verified (or refused, or abandoned): however many
 * connections send at once, the unverified bodies never hold more than `limit` bytes together.
 */
export class UnverifiedBytes {
  #held = 0;

  constructor(readonly limit: number) {}

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** Whether `bytes` more fit now, without taking them (a declared Content-Length, before reading). */
  fits(bytes: number): boolean {
    return this.#held + bytes <= this.limit;
  }

  /** Takes `bytes` when they fit and says whether it did; when they do not, nothing is taken. */
  take(bytes: number): boolean {
    if (!this.fits(bytes)) return false;
    this.#held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}

/**
 * `body`: read whole, its bytes still taken from the budget (the caller gives them back once verified).
 * `too_large`: past `limit`. `over_budget`: the budget had no room for it. `aborted`: the connection closed
 * first. In every case but `body` the bytes are already given back.
 */
export type BodyResult =
  | { kind: "body"; body: Buffer }
  | { kind: "too_large" }
  | { kind: "over_budget" }
  | { kind: "aborted" };

/**
 * Reads the body up to `limit` bytes, taking each chunk from `budget` as it arrives. Past the limit or the
 * budget it stops keeping what arrives and says so at once, without waiting for the rest.
 */
export function readBody(req: IncomingMessage, limit: number, budget: UnverifiedBytes): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      if (result.kind !== "body") {
        budget.give(size);
        chunks.length = 0;
      }
      resolve(result);
    };
    const stopReading = (result: BodyResult): void => {
      finish(result);
      // Whatever still arrives is dropped until the connection, marked to close, ends.
      req.resume();
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        stopReading({ kind: "too_large" });
        return;
      }
      if (!budget.take(chunk.length)) {
        stopReading({ kind: "over_budget" });
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: "body", body: Buffer.concat(chunks, size) });
    const onClose = (): void => finish({ kind: "aborted" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  });
}
