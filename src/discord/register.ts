import { type APIApplicationCommand, REST, Routes } from "discord.js";
import type { Config } from "../config.js";
import { type Article, keyPoints } from "../corpus/types.js";
import { commandDefinitions } from "../interactions/definitions.js";
import { reachDiscord } from "./unreachable.js";

export interface Registration {
  scope: "guild" | "global";
  commands: APIApplicationCommand[];
}

/**
 * Replaces all of the application's commands with ours in one bulk overwrite (PUT), so running it
 * again changes nothing. With a guild id the commands apply at once there; globally they can take a while.
 */
export async function registerCommands(config: Config, articles: readonly Article[]): Promise<Registration> {
  const { discordToken, applicationId, guildId } = config;
  if (!discordToken || !applicationId)
    throw new Error("registerCommands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID");
  const rest = new REST({ api: config.discordApiUrl, timeout: config.discordTimeoutMs, retries: 1 }).setToken(
    discordToken,
  );
  const promiseCount = Math.max(0, ...articles.map((a) => keyPoints(a).length));
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const commands = (await reachDiscord(config.discordApiUrl, config.discordTimeoutMs, () =>
    rest.put(route, { body: commandDefinitions(promiseCount) }),
  )) as APIApplicationCommand[];
  return { scope: guildId ? "guild" : "global", commands };
}
