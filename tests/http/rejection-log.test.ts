import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RejectionLog } from "../../src/http/rejection-log.js";
import { captureLogger } from "../helpers/capture-log.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setUp(intervalMs = 60_000) {
  const capture = captureLogger();
  const warnings = () => capture.entries().filter((entry) => (entry.level as number) >= 30);
  return { rejections: new RejectionLog(capture.log, intervalMs), warnings, ...capture };
}

describe("RejectionLog", () => {
  it("logs each refusal at debug and sums 1,000 of them up in one warn line after the interval", () => {
    const { rejections, entries, warnings } = setUp();
    for (let i = 0; i < 1_000; i++)
      rejections.record(i % 4 === 0 ? "too_large" : "bad_signature", { status: i % 4 === 0 ? 413 : 401 });
    expect(entries()).toHaveLength(1_000);
    expect(entries().every((entry) => entry.level === 20 && entry.event === "interaction_rejected")).toBe(
      true,
    );
    expect(warnings()).toEqual([]);

    vi.advanceTimersByTime(60_000);
    expect(warnings()).toEqual([
      expect.objectContaining({
        level: 40,
        event: "interactions_rejected",
        total: 1_000,
        reasons: { too_large: 250, bad_signature: 750 },
        intervalMs: 60_000,
      }),
    ]);
  });

  it("writes at most one line per interval, and none while nothing is refused", () => {
    const { rejections, warnings } = setUp(1_000);
    // A steady stream, 10 a second for 10 seconds: ten summaries, every refusal counted once.
    for (let i = 0; i < 100; i++) {
      rejections.record("stale_timestamp", { status: 401 });
      vi.advanceTimersByTime(100);
    }
    expect(warnings().length).toBeLessThanOrEqual(10);
    vi.advanceTimersByTime(1_000);
    expect(warnings().reduce((sum, entry) => sum + (entry.total as number), 0)).toBe(100);
    const written = warnings().length;
    vi.advanceTimersByTime(60_000);
    expect(warnings()).toHaveLength(written);
  });

  it("flush writes what was counted at once (on stop), then nothing more", () => {
    const { rejections, warnings } = setUp();
    rejections.record("too_many_connections");
    rejections.record("replayed", { status: 409, id: "1" });
    rejections.flush();
    expect(warnings()).toEqual([
      expect.objectContaining({ total: 2, reasons: { too_many_connections: 1, replayed: 1 } }),
    ]);
    rejections.flush();
    vi.advanceTimersByTime(120_000);
    expect(warnings()).toHaveLength(1);
  });
});
