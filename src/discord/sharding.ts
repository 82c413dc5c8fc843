import { fileURLToPath } from "node:url";
import { ShardingManager } from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";

/** Running the TypeScript sources through tsx (development), not the compiled dist/ (npm start). */
const FROM_SOURCES = import.meta.url.endsWith(".ts");
/** What each shard process runs: the ordinary entry point, which reads its shard from the environment. */
const SHARD_ENTRY = fileURLToPath(new URL(FROM_SOURCES ? "../main.ts" : "../main.js", import.meta.url));

export interface RunningShards {
  manager: ShardingManager;
  /** Asks every shard to finish its interactions and exit, and waits for them. */
  stop(): Promise<void>;
}

/**
 * Runs the bot as `config.shardCount` processes under discord.js's ShardingManager. One gateway
 * connection serves at most 2,500 servers, so a bot in more needs more shards. The count is always
 * explicit: 'auto' would ask discord.com, ignoring DISCORD_API_URL.
 */
export async function startShards(config: Config, log: Logger): Promise<RunningShards> {
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: config.shardCount,
    token: config.discordToken,
    mode: "process",
    // Shards run what this process runs: the sources through tsx, or the compiled JavaScript.
    execArgv: FROM_SOURCES ? ["--import", "tsx"] : [],
    respawn: true,
  });
  manager.on("shardCreate", (shard) => {
    log.info({ event: "shard_created", shardId: shard.id, total: config.shardCount });
    shard.on("death", () => log.warn({ event: "shard_died", shardId: shard.id }));
  });
  await manager.spawn({ amount: config.shardCount, delay: config.shardSpawnDelayMs, timeout: 60_000 });
  log.info({ event: "shards_ready", total: manager.shards.size });
  return {
    manager,
    async stop() {
      manager.respawn = false;
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
