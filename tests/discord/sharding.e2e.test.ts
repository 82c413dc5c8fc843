import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";
import { killGroup } from "../helpers/process-group.js";
import { type BotProcess, spawnBot } from "../helpers/spawn-bot.js";

const TOKEN = "SHARDED.fake-token_0123456789";

describe("npm run start:sharded with SHARD_COUNT=2", () => {
  const discord = new FakeDiscord(TOKEN, 2);
  const make = new InteractionFactory(discord);
  let manager: BotProcess;

  beforeAll(async () => {
    await discord.start();
    manager = spawnBot("src/sharded.ts", {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: discord.apiUrl,
      SHARD_COUNT: "2",
      SHARD_SPAWN_DELAY_MS: "0",
    });
    await vi.waitFor(() => expect(discord.connectedShards.sort()).toEqual([0, 1]), {
      timeout: 60_000,
      interval: 100,
    });
  }, 90_000);

  afterAll(async () => {
    if (manager) await killGroup(manager.child); // the wrapper and all it started
    await discord.stop();
  });

  it("runs two shard processes, each answering on its own gateway connection", async () => {
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      const interaction = discord.deliver(
        make.command("ask", [{ name: "question", type: 3, value: "Kapan Double Eleven?" }]),
        shard,
      );
      const reply = await discord.waitFor(() => discord.callbackFor(interaction.id as string), 10_000);
      expect((reply.body as { data: { embeds: unknown[] } }).data.embeds).toHaveLength(1);
    }
  });

  it("has every shard load the index from the snapshot the manager wrote", () => {
    const lines = manager
      .output()
      .split("\n")
      .filter((l) => l.includes('"event":"library_loaded"'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ index: "snapshot" });
  });

  it("stops every shard on SIGTERM and exits 0", async () => {
    manager.child.kill("SIGTERM");
    expect(await manager.exited).toBe(0);
    await vi.waitFor(() => expect(discord.connections).toBe(0), { timeout: 10_000 });
    expect(manager.output()).not.toContain(TOKEN);
  });
});
