import type { FeedbackSink } from "../../src/commands/rating.js";
import { loadConfig } from "../../src/config.js";
import { type RunningBot, startBot } from "../../src/discord/bot.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "./capture-log.js";
import { FakeDiscord, InteractionFactory } from "./fake-discord.js";

/**
 * A fake Discord and the real bot logged in to it, in this process, with its log lines captured. `env`
 * is added to the bot's environment (COOLDOWN_QUESTIONS...); `options.feedback` is where votes go.
 */
export async function startHarness(
  token: string,
  env: Record<string, string> = {},
  options: { feedback?: FeedbackSink } = {},
) {
  const discord = await new FakeDiscord(token).start();
  const captured = captureLogger();
  const config = loadConfig({
    DISCORD_TOKEN: token,
    DISCORD_APPLICATION_ID: "111111111111111111",
    DISCORD_API_URL: discord.apiUrl,
    ...env,
  });
  const bot: RunningBot = await startBot({
    config,
    library: await loadLibrary(DEFAULT_CORPUS_DIR),
    log: captured.log,
    ...(options.feedback ? { feedback: options.feedback } : {}),
  });
  return {
    discord,
    bot,
    make: new InteractionFactory(discord),
    ...captured,
    async stop(): Promise<void> {
      await bot.stop();
      await discord.stop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
