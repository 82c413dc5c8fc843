import "./env.js";
import type { APIInteractionResponse } from "discord-api-types/v10";
import { runCli } from "./cli/run.js";
import { Cooldown } from "./commands/cooldown.js";
import { ConfigError, loadConfig } from "./config.js";
import { FeedbackStore } from "./feedback/store.js";
import { type InteractionServer, startInteractionServer } from "./http/server.js";
import { InteractionCore } from "./interactions/core.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";
import { onShutdown, SHUTDOWN_MARGIN_MS } from "./shutdown.js";

/** How long a stop waits for the requests in flight: Discord gives up on an answer after 3 s anyway. */
export const HTTP_DRAIN_TIMEOUT_MS = 5_000;
/** How long a stop keeps serving first (/healthz says 503), so requests already sent are answered. */
export const HTTP_DRAIN_GRACE_MS = 1_000;

/** Listens on PORT, naming the variable to change when the port is taken or not allowed. */
async function listen(
  port: number,
  start: (port: number) => Promise<InteractionServer>,
): Promise<InteractionServer> {
  try {
    return await start(port);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    if (code === "EADDRINUSE")
      throw new ConfigError([`PORT ${port} is already in use: stop what uses it or set another PORT`]);
    if (code === "EACCES")
      throw new ConfigError([`PORT ${port} needs privileges this user lacks: set PORT to 1024 or above`]);
    throw error;
  }
}

/**
 * npm run start:http: Discord's HTTP interactions endpoint. Each interaction arrives as a signed POST
 * and is answered in the HTTP response, so it needs no token and no gateway connection, and any
 * number of replicas can run behind a load balancer.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { entry: "http" });
  const log = createLogger(config.logLevel);
  const library = await loadLibrary(config.corpusDir, { indexCacheDir: config.indexCacheDir, log });
  const core = new InteractionCore({
    library,
    log,
    cooldown: new Cooldown(config.cooldown.limit, config.cooldown.windowMs),
    // One appended write per vote; replicas sharing the file need a local disk (see the README).
    feedback: new FeedbackStore(config.feedbackFile),
  });
  let server: InteractionServer | undefined;
  // Before the "listening" line: a supervisor may send SIGTERM the moment it reads it.
  onShutdown(
    log,
    async () => {
      await server?.stop();
      log.info({ event: "stopped" });
    },
    { timeoutMs: HTTP_DRAIN_GRACE_MS + HTTP_DRAIN_TIMEOUT_MS + SHUTDOWN_MARGIN_MS },
  );
  server = await listen(config.port, (port) =>
    startInteractionServer({
      port,
      publicKey: config.publicKey ?? "",
      log,
      drainGraceMs: HTTP_DRAIN_GRACE_MS,
      // The core never rejects; should it ever, the server answers 500 rather than hang the request.
      handle: (interaction) =>
        new Promise<APIInteractionResponse>((resolve, reject) => {
          core.handle(interaction, async (response) => resolve(response)).catch(reject);
        }),
    }),
  );
  log.info({
    event: "listening",
    url: `${server.url}/interactions`,
    passages: library.kb.passageCount,
    version: library.version,
  });
}

runCli(main);
