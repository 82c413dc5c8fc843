import "dotenv/config";
import { ConfigError, loadConfig } from "./config.js";
import { runConsole } from "./console/console.js";
import { CorpusError } from "./corpus/parse.js";
import { langOf } from "./i18n.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";

/** Picks the transport: Discord when a token is set, otherwise the local console. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const library = await loadLibrary(config.corpusDir);
  log.info({
    event: "library_loaded",
    articles: library.articles.length,
    passages: library.kb.passageCount,
    version: library.version,
  });

  if (config.discordToken === undefined) {
    await runConsole({
      library,
      lang: langOf(process.env.LANG),
      input: process.stdin,
      output: process.stdout,
      log,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    });
    return;
  }
  const { startBot } = await import("./discord/bot.js");
  await startBot({ config, library, log });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CorpusError) {
    process.stderr.write(`${error instanceof CorpusError ? "Corpus error: " : ""}${error.message}\n`);
  } else {
    process.stderr.write(
      `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
