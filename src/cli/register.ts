import { ApplicationCommandType } from "discord-api-types/v10";
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
    // A message command is not typed: it is in a message's menu (Apps), under its name.
    const slash = command.type === ApplicationCommandType.Message ? "" : "/";
    const what =
      command.type === ApplicationCommandType.Message ? "on any message: Apps >" : command.description;
    process.stdout.write(`  ${slash}${command.name}${id ? ` (${slash}${id})` : ""}  ${what}\n`);
  }
}

runCli(main, USAGE);
