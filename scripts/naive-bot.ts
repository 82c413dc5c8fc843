/**
 * The burst benchmark's yardstick (npm run bench): the bot anyone would write in an afternoon. A
 * minimal discord.js client that searches plain MiniSearch (default options) and replies with a
 * plain-object embed, with no cooldown, no logging and no escaping. Reads DISCORD_TOKEN,
 * DISCORD_API_URL and CORPUS_DIR; prints "ready" when it can answer.
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import MiniSearch from "minisearch";
import { loadCorpus } from "../src/corpus/load.js";
import { DEFAULT_CORPUS_DIR } from "../src/paths.js";

const passages = (await loadCorpus(process.env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR)).flatMap((a) => a.passages);
const search = new MiniSearch({ fields: ["text"], storeFields: ["text"] });
search.addAll(passages.map((p) => ({ id: p.id, text: p.text })));

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL },
});
client.on(Events.InteractionCreate, async (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  const question = interaction.options.getString("question") ?? "";
  const best = search.search(question)[0];
  await interaction.reply({
    embeds: [{ title: "Answer", description: best ? String(best.text) : "Not found", color: 0x2e7d32 }],
    allowedMentions: { parse: [] },
  });
});
client.once(Events.ClientReady, () => process.stdout.write("ready\n"));
await client.login(process.env.DISCORD_TOKEN);
process.on("SIGTERM", () => void client.destroy().then(() => process.exit(0)));
