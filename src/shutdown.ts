import type { Logger } from "./log.js";

/** What the process stops on: Ctrl+C and a supervisor's (systemd, Docker, a deploy) request. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

export interface ShutdownOptions {
  /** Where the signals come from (tests pass an emitter). */
  signals?: Pick<NodeJS.EventEmitter, "on">;
  /** Ends the process (tests pass a spy). */
  exit?: (code: number) => void;
}

/**
 * Stops the process cleanly on SIGINT or SIGTERM: logs the signal, awaits `stop`, exits 0 when it
 * resolves and 1 (logged) when it rejects.
 *
 * Under `npm start`, Ctrl+C reaches the process twice (from the terminal, and forwarded by npm): a
 * signal that comes while it stops is logged and ignored, so it neither takes the default action
 * (exit 130, skipping the stop) nor starts a second stop.
 */
export function onShutdown(
  log: Pick<Logger, "info" | "error">,
  stop: () => Promise<void>,
  options: ShutdownOptions = {},
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
    let stopped: Promise<void>;
    try {
      stopped = stop();
    } catch (error) {
      stopped = Promise.reject(error);
    }
    stopped.then(
      () => {
        finish(0);
      },
      (error: unknown) => {
        log.error({ event: "shutdown_failed", err: error });
        finish(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) signals.on(signal, shutdown);
}
