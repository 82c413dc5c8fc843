/**
 * Loads the repository's .env into process.env, then unsets the empty variables read outside loadConfig
 * (SHARDS, SHARD_COUNT...). Import it first in every entry point, so they all read the same .env. The file is found
 * beside src/ (or dist/), not in the current folder: a service started from elsewhere (systemd without
 * WorkingDirectory) must not lose DISCORD_TOKEN and quietly run the console. DOTENV_CONFIG_PATH
 * names another file.
 */
import { fileURLToPath } from "node:url";
import { config } from "dotenv";
import { unsetEmptyDiscordjsEnv } from "./config.js";

config({
  path: process.env.DOTENV_CONFIG_PATH || fileURLToPath(new URL("../.env", import.meta.url)),
  quiet: true,
});
unsetEmptyDiscordjsEnv(process.env);
