/**
 * Loads .env into process.env, as `import "dotenv/config"` does, then unsets the empty variables
 * discord.js would read itself. Import it first in every entry point that talks to Discord.
 */
import "dotenv/config";
import { unsetEmptyDiscordjsEnv } from "./config.js";

unsetEmptyDiscordjsEnv(process.env);
