import "./env.js";
import { runCli } from "./cli/run.js";
import { loadConfig } from "./config.js";
import { runConsole } from "./console/console.js";
import { terminalLang } from "./i18n.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";

/** Picks the transport: Discord when a token is set, otherwise the local console. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The console shares the terminal with its user: only warnings, unless LOG_LEVEL asks for more.
  const consoleMode = config.discordToken === undefined;
  const log = createLogger(consoleMode && !process.env.LOG_LEVEL ? "warn" : config.logLevel);
  const library = await loadLibrary(config.corpusDir, { indexCacheDir: config.indexCacheDir, log });
  log.info({
    event: "library_loaded",
    articles: library.articles.length,
    passages: library.kb.passageCount,
    version: library.version,
    index: library.index,
  });

  if (consoleMode) {
    await runConsole({
      library,
      lang: terminalLang(process.env),
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      log,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    });
    return;
  }
  const { startBot } = await import("./discord/bot.js");
  const bot = await startBot({ config, library, log });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // Under `npm start`, Ctrl+C reaches the bot twice (from the terminal and forwarded by npm):
    // the second must not end it with the default action while it answers what is in flight.
    if (stopping) return;
    stopping = true;
    log.info({ event: "signal", signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ event: "shutdown_failed", err: error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

runCli(main);
