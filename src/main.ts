import "./env.js";
import { runCli } from "./cli/run.js";
import { loadConfig } from "./config.js";
import { runConsole } from "./console/console.js";
import { FeedbackStore } from "./feedback/store.js";
import { terminalLang } from "./i18n.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";
import { onShutdown, SHUTDOWN_MARGIN_MS } from "./shutdown.js";

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

  // Votes on answers ("Helpful"/"Not helpful"), appended to FEEDBACK_FILE from the first one on.
  const feedback = new FeedbackStore(config.feedbackFile);
  if (consoleMode) {
    await runConsole({
      feedback,
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
  const { startBot, DRAIN_TIMEOUT_MS } = await import("./discord/bot.js");
  const starting = startBot({ config, library, log, feedback });
  // Before the "ready" line: a supervisor may send SIGTERM the moment it reads it.
  onShutdown(log, async () => (await starting).stop(), { timeoutMs: DRAIN_TIMEOUT_MS + SHUTDOWN_MARGIN_MS });
  await starting;
}

runCli(main);
