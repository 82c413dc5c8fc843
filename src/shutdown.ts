import type { Logger } from "./log.js";

/** What the process stops on: Ctrl+C and a supervisor's (systemd, Docker, a deploy) request. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** What a stop may take beyond draining the interactions in flight: closing the gateway, the log. */
export const SHUTDOWN_MARGIN_MS = 5_000;

export interface ShutdownOptions {
  /**
   * How long `stop` may take before the process exits with 1 anyway: a shutdown that hangs must
   * not leave a bot that no signal can end (every repeated signal is ignored while it stops).
   * Callers give it their drain time plus SHUTDOWN_MARGIN_MS.
   */
  timeoutMs: number;
  /** Where the signals come from (tests pass an emitter). */
  signals?: Pick<NodeJS.EventEmitter, "on">;
  /** Ends the process (tests pass a spy). */
  exit?: (code: number) => void;
}

/**
 * Stops the process cleanly on SIGINT or SIGTERM: logs the signal, awaits `stop`, exits 0 when it
 * resolves and 1 (logged) when it rejects or does not settle within `timeoutMs`.
 *
 * Under `npm start`, Ctrl+C reaches the process twice (from the terminal, and forwarded by npm): a
 * signal that comes while it stops is logged and ignored, so it neither takes the default action
 * (exit 130, skipping the stop) nor starts a second stop.
 */
export function onShutdown(
  log: Pick<Logger, "info" | "error">,
  stop: () => Promise<void>,
  options: ShutdownOptions,
): void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let exited = false;
  const finish = (code: number): void => {
    if (exited) return;
    exited = true;
    exit(code);
  };
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.info({ event: "signal_ignored", signal, reason: "already stopping" });
      return;
    }
    stopping = true;
    log.info({ event: "signal", signal });
    // Unref'd: it never keeps the process alive by itself, only ends one whose stop hangs.
    const timer = setTimeout(() => {
      log.error({ event: "shutdown_timeout", timeoutMs: options.timeoutMs });
      finish(1);
    }, options.timeoutMs);
    timer.unref();
    let stopped: Promise<void>;
    try {
      stopped = stop();
    } catch (error) {
      stopped = Promise.reject(error);
    }
    stopped.then(
      () => {
        clearTimeout(timer);
        finish(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        log.error({ event: "shutdown_failed", err: error });
        finish(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) signals.on(signal, shutdown);
}
