/**
 * Loads .env into process.env, as `import "dotenv/config"` does, then unsets the empty variables
 * discord.js would read itself. Import it first in every entry point, so they all read the same .env.
 */
import "dotenv/config";
import { unsetEmptyDiscordjsEnv } from "./config.js";

unsetEmptyDiscordjsEnv(process.env);
