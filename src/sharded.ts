import "./env.js";
import { runCli } from "./cli/run.js";
import { loadConfig } from "./config.js";
import { startShards } from "./discord/sharding.js";
import { loadLibrary } from "./library.js";
import { createLogger } from "./log.js";
import { onShutdown } from "./shutdown.js";

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
  onShutdown(log, () => shards.stop());
}

runCli(main);
