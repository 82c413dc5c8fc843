import "../env.js";
import { DiscordAPIError } from "discord.js";
import { InvalidTokenError, loadConfig } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import { registerCommands } from "../discord/register.js";
import { runCli } from "./run.js";

const USAGE =
  "Usage: npm run register   (reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and optional DISCORD_GUILD_ID from .env)";

async function main(): Promise<void> {
  const config = loadConfig(process.env, { entry: "register" });
  const articles = await loadCorpus(config.corpusDir);
  let registration: Awaited<ReturnType<typeof registerCommands>>;
  try {
    registration = await registerCommands(config, articles);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) throw new InvalidTokenError();
    throw error;
  }
  const where =
    registration.scope === "guild"
      ? `server ${config.guildId} (active now)`
      : "all servers (global; may take up to an hour to appear)";
  process.stdout.write(`Registered ${registration.commands.length} commands for ${where}:\n`);
  for (const command of registration.commands) {
    const id = command.name_localizations?.id;
    process.stdout.write(`  /${command.name}${id ? ` (/${id})` : ""}  ${command.description}\n`);
  }
}

runCli(main, USAGE);
