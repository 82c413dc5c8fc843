import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { onShutdown } from "../src/shutdown.js";
import { captureLogger } from "./helpers/capture-log.js";

/** A stop the test settles itself, so it can signal again while the process stops. */
function controlledStop() {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const stop = vi.fn(
    () =>
      new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      }),
  );
  return { stop, resolve: () => resolve(), reject: (error: unknown) => reject(error) };
}

function setUp() {
  const signals = new EventEmitter();
  const exit = vi.fn<(code: number) => void>();
  const { log, entries } = captureLogger();
  const control = controlledStop();
  onShutdown(log, control.stop, { signals, exit, timeoutMs: 10_000 });
  return { signals, exit, entries, ...control };
}

describe("onShutdown", () => {
  it.each(["SIGINT", "SIGTERM"])(
    "on %s stops once, logs the signal, and exits 0 when stop resolves",
    async (signal) => {
      const { signals, exit, entries, stop, resolve } = setUp();
      signals.emit(signal, signal);
      expect(stop).toHaveBeenCalledTimes(1);
      expect(exit).not.toHaveBeenCalled();
      resolve();
      await vi.waitFor(() => expect(exit).toHaveBeenCalled());
      expect(exit.mock.calls).toEqual([[0]]);
      expect(entries()).toContainEqual(expect.objectContaining({ event: "signal", signal }));
    },
  );

  it("ignores a second Ctrl+C (terminal and npm both send it) and a SIGTERM while stopping", async () => {
    const { signals, exit, entries, stop, resolve } = setUp();
    signals.emit("SIGINT", "SIGINT");
    signals.emit("SIGINT", "SIGINT");
    signals.emit("SIGTERM", "SIGTERM");
    expect(stop).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    expect(entries().filter((e) => e.event === "signal_ignored")).toHaveLength(2);
    resolve();
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[0]]);
  });

  it("logs a stop that rejects and exits 1", async () => {
    const { signals, exit, entries, reject } = setUp();
    signals.emit("SIGTERM", "SIGTERM");
    reject(new Error("gateway would not close"));
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[1]]);
    const failed = entries().find((e) => e.event === "shutdown_failed");
    expect(failed).toMatchObject({ level: 50, err: { message: "gateway would not close" } });
  });

  it("treats a stop that throws before returning a promise as one that rejects", async () => {
    const signals = new EventEmitter();
    const exit = vi.fn<(code: number) => void>();
    const { log, entries } = captureLogger();
    onShutdown(
      log,
      () => {
        throw new Error("no shards");
      },
      { signals, exit, timeoutMs: 10_000 },
    );
    signals.emit("SIGINT", "SIGINT");
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[1]]);
    expect(entries()).toContainEqual(expect.objectContaining({ event: "shutdown_failed" }));
  });

  describe("when stop never settles", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("logs and exits 1 once the timeout passes, however many signals are ignored meanwhile", async () => {
      vi.useFakeTimers();
      const { signals, exit, entries, resolve } = setUp();
      signals.emit("SIGINT", "SIGINT");
      await vi.advanceTimersByTimeAsync(9_999);
      signals.emit("SIGINT", "SIGINT");
      expect(exit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(exit.mock.calls).toEqual([[1]]);
      expect(entries()).toContainEqual(
        expect.objectContaining({ level: 50, event: "shutdown_timeout", timeoutMs: 10_000 }),
      );
      // A stop that settles after all does not exit a second time.
      resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(exit.mock.calls).toEqual([[1]]);
    });

    it("does not fire after a stop that settled in time", async () => {
      vi.useFakeTimers();
      const { signals, exit, resolve } = setUp();
      signals.emit("SIGTERM", "SIGTERM");
      resolve();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exit.mock.calls).toEqual([[0]]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it("does not keep the process alive by itself (the timer is unref'd)", async () => {
      const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
      const { signals, exit, resolve } = setUp();
      signals.emit("SIGTERM", "SIGTERM");
      const timers = setTimeoutSpy.mock.results.map((r) => r.value as NodeJS.Timeout);
      setTimeoutSpy.mockRestore();
      expect(timers).toHaveLength(1);
      expect(timers[0]?.hasRef()).toBe(false);
      resolve();
      await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    });
  });
});
