import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";
import { killGroup } from "../helpers/process-group.js";
import { type BotProcess, spawnBot } from "../helpers/spawn-bot.js";

const TOKEN = "PROCESS.token-for-tests_9876543210";

interface Callback {
  data: { embeds?: unknown[]; flags?: number; content?: string };
}

describe("npm start with a token, as a process", () => {
  const discord = new FakeDiscord(TOKEN);
  const make = new InteractionFactory(discord);
  let bot: BotProcess;

  beforeAll(async () => {
    await discord.start();
    bot = spawnBot("src/main.ts", {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: discord.apiUrl,
      COOLDOWN_QUESTIONS: "1000",
    });
    await vi.waitFor(() => expect(bot.output()).toContain('"event":"ready"'), {
      timeout: 15_000,
      interval: 50,
    });
  });

  afterAll(async () => {
    if (bot) await killGroup(bot.child); // the wrapper and all it started
    await discord.stop();
  });

  it("on SIGTERM finishes the interactions in flight, answers those that arrive before its deadline, and exits 0", async () => {
    const first = discord.deliver(
      make.command("ask", [{ name: "question", type: 3, value: "Kapan Double Eleven?" }]),
    );
    await discord.waitFor(() => discord.callbackFor(first.id as string));

    // Hold the next replies in flight: the fake answers callbacks only after 1.5 s, so the stop is still
    // draining when the late interactions arrive on a slow machine, and their own callbacks (1.5 s too)
    // still end within the 2 s the drain keeps for finishing.
    discord.callbackLatencyMs = 1_500;
    const burst = Array.from({ length: 20 }, (_, i) =>
      discord.deliver(
        make.command("ask", [{ name: "question", type: 3, value: `Alibaba ${i}` }], {
          id: `88888888888888880${i}`,
        }),
      ),
    );
    await discord.waitFor(() => burst.every((i) => discord.callbackFor(i.id as string)) || undefined);
    const answeredBefore = discord.answered;
    bot.child.kill("SIGTERM");
    await vi.waitFor(() => expect(bot.output()).toContain('"event":"shutdown"'), { interval: 10 });
    // Received after the stop began but long before its deadline: answered, not turned away.
    const late = Array.from({ length: 300 }, (_, i) =>
      discord.deliver(
        make.command("ask", [{ name: "question", type: 3, value: `Alibaba ${i}` }], {
          id: `77777777777777${String(i).padStart(4, "0")}`,
        }),
      ),
    );

    expect(await bot.exited).toBe(0);
    expect(discord.answered - answeredBefore).toBe(burst.length + late.length);
    for (const interaction of [...burst, ...late]) {
      const callbacks = discord.calls.filter((c) =>
        c.path.startsWith(`/api/v10/interactions/${interaction.id as string}/`),
      );
      expect(callbacks).toHaveLength(1);
      expect((callbacks[0]?.body as Callback | undefined)?.data.embeds).toHaveLength(1);
    }
    expect(bot.output()).not.toContain('"outcome":"draining"');
    expect(bot.output()).toContain('"event":"stopped"');
    expect(bot.output()).not.toContain("interaction_failed");
    expect(bot.output()).not.toContain(TOKEN);
  });
});
