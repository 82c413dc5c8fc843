import "./env.js";
import { runCli } from "./cli/run.js";
import { loadConfig } from "./config.js";
import { DRAIN_TIMEOUT_MS } from "./discord/bot.js";
import { startShards } from "./discord/sharding.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";
import { onShutdown, SHUTDOWN_MARGIN_MS } from "./shutdown.js";

/**
 * npm run start:sharded: checks the configuration and the corpus, writes the index snapshot once
 * so every shard loads it instead of building, then starts SHARD_COUNT shard processes.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { entry: "sharded" });
  const log = createLogger(config.logLevel);
  const library = await loadLibrary(config.corpusDir, { indexCacheDir: config.indexCacheDir, log });
  log.info({ event: "snapshot_ready", passages: library.kb.passageCount, index: library.index });
  const shards = await startShards(config, log);
  // Each shard drains and, should its own stop hang, exits by itself within DRAIN_TIMEOUT_MS plus a
  // margin: the manager waits one margin more, so it only gives up on shards that did not.
  onShutdown(log, () => shards.stop(), { timeoutMs: DRAIN_TIMEOUT_MS + 2 * SHUTDOWN_MARGIN_MS });
}

runCli(main);
