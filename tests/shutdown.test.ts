import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
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
  onShutdown(log, control.stop, { signals, exit });
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
      { signals, exit },
    );
    signals.emit("SIGINT", "SIGINT");
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());
    expect(exit.mock.calls).toEqual([[1]]);
    expect(entries()).toContainEqual(expect.objectContaining({ event: "shutdown_failed" }));
  });
});
