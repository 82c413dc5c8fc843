import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { type RunningBot, startBot } from "../../src/discord/bot.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";
import { FakeDiscord, InteractionFactory, type RecordedCall } from "../helpers/fake-discord.js";

const TOKEN = "FAKE.TOKEN-for-tests_0123456789abcdef";

interface CallbackBody {
  type: number;
  data: {
    content?: string;
    flags?: number;
    allowed_mentions?: { parse: string[] };
    embeds?: {
      title: string;
      description?: string;
      fields?: { name: string; value: string }[];
      footer?: { text: string };
    }[];
    components?: { type: number; components: { custom_id: string; label: string; disabled?: boolean }[] }[];
    choices?: { name: string; value: string | number }[];
  };
}

describe("the bot against a fake Discord", () => {
  const discord = new FakeDiscord(TOKEN);
  const make = new InteractionFactory(discord);
  const { log, lines, entries } = captureLogger();
  let bot: RunningBot;

  const reply = async (interaction: Record<string, unknown>): Promise<CallbackBody> => {
    discord.deliver(interaction);
    const call = await discord.waitFor(() => discord.callbackFor(interaction.id as string));
    return call.body as CallbackBody;
  };

  beforeAll(async () => {
    await discord.start();
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: discord.apiUrl,
      COOLDOWN_QUESTIONS: "3",
      COOLDOWN_SECONDS: "60",
    });
    bot = await startBot({ config, library: await loadLibrary(DEFAULT_CORPUS_DIR), log });
  });

  afterAll(async () => {
    await bot?.stop();
    await discord.stop();
  });

  it("logs in through the fake's gateway with no privileged intent: Guilds, GuildMessages, DirectMessages", () => {
    expect(discord.connections).toBe(1);
    // 1 | 512 | 4096; MessageContent (32768) is privileged and not asked for.
    expect(discord.identifies[0]).toMatchObject({ intents: 1 | 512 | 4096 });
  });

  it("answers /ask with the quoted paragraph, its citation and the question echoed safely", async () => {
    const body = await reply(
      make.command("ask", [
        {
          name: "question",
          type: 3,
          value: "Berapa pemimpin teknologi yang ingin dicetak Jack Ma? @everyone",
        },
      ]),
    );
    expect(body.type).toBe(4);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.flags ?? 0).toBe(0);
    const [embed] = body.data.embeds ?? [];
    // A public reply speaks the server's language (id). Paragraphs 30 and 31 both answer, so the
    // confidence model may call it the answer or only a possible one (said above the quote).
    expect(embed?.title).toMatch(/^(?:Jawaban dari artikel|Mungkin ini jawabannya)$/);
    // matched words in bold, including `mencetak` for the question's `dicetak` (same stem)
    expect(embed?.description).toMatch(
      /^(?:.*\n\n)?> .*\*\*mencetak\*\* seribu \*\*pemimpin\*\* \*\*teknologi\*\*/,
    );
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Sumber).toMatch(
      /^Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia, IDN Times, bagian "5\. Jack Ma .*", paragraf 3[01]$/,
    );
    expect(fields.Pertanyaan).toContain("@\u200beveryone");
    expect(fields.Pertanyaan).not.toMatch(/@everyone/);
    const buttons = body.data.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.label)).toEqual(["Sebelumnya", "Hasil lain", "Membantu", "Tidak membantu"]);
    expect(buttons[0]?.disabled).toBe(true);
  });

  it("pages to the next match when the button is pressed, by editing the reply", async () => {
    const first = await reply(
      make.command("ask", [{ name: "question", type: 3, value: "Double Eleven" }], {
        id: "666666666666666661",
      }),
    );
    const next = first.data.components?.[0]?.components[1];
    expect(next?.custom_id).toMatch(/^ask:/);
    const body = await reply(make.button(next?.custom_id ?? "", {}, { id: "666666666666666661" }));
    expect(body.type).toBe(7); // update the message
    expect(body.data.embeds?.[0]?.footer?.text).toBe("Hasil 2 dari 5");
    expect(body.data.embeds?.[0]?.description).not.toBe(first.data.embeds?.[0]?.description);
  });

  it("shows someone else who pages a public answer their page privately, leaving the answer as it is", async () => {
    const asker = "666666666666666663";
    const first = await reply(
      make.command("ask", [{ name: "question", type: 3, value: "Double Eleven" }], { id: asker }),
    );
    const next = first.data.components?.[0]?.components[1]?.custom_id ?? "";
    const other = await reply(
      make.button(next, { askedBy: asker }, { id: "666666666666666664", locale: "en-US" }),
    );
    expect(other.type).toBe(4); // a new message, not an update of the asker's
    expect(other.data.flags).toBe(64);
    expect(other.data.embeds?.[0]?.footer?.text).toBe("Match 2 of 5");
    expect(other.data.embeds?.[0]?.description).not.toBe(first.data.embeds?.[0]?.description);
    // Its own buttons page that private copy.
    expect(other.data.components?.[0]?.components[0]?.custom_id).toMatch(/^ask:/);
    // The asker's own press still edits the answer.
    const own = await reply(make.button(next, { askedBy: asker }, { id: asker }));
    expect(own.type).toBe(7);
    expect(own.data.embeds?.[0]?.footer?.text).toBe("Hasil 2 dari 5");
  });

  it("lets anyone page a private answer: only its asker sees it", async () => {
    const first = await reply(
      make.command(
        "ask",
        [
          { name: "question", type: 3, value: "Double Eleven" },
          { name: "private", type: 5, value: true },
        ],
        { id: "666666666666666665" },
      ),
    );
    const next = first.data.components?.[0]?.components[1]?.custom_id ?? "";
    // An ephemeral reply to a button press carries the presser as its interaction's user.
    const body = await reply(
      make.button(next, { flags: 64, askedBy: "666666666666666666" }, { id: "666666666666666665" }),
    );
    expect(body.type).toBe(7);
  });

  it("suggests /promises numbers as integers, named by their titles", async () => {
    const one = await reply(make.autocomplete("promises", "number", "3", {}, 4));
    expect(one.type).toBe(8);
    expect(one.data.choices).toEqual([
      { name: "3. Alibaba ingin membangun sekolah berbasis teknologi di Indonesia", value: 3 },
    ]);
    const all = await reply(make.autocomplete("promises", "number", "", {}, 4));
    expect(all.data.choices?.map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    const byTitle = await reply(
      make.autocomplete("promises", "number", "sekolah", {}, 4, [
        { name: "article", type: 3, value: "jack-ma-5-janji" },
      ]),
    );
    expect(byTitle.data.choices?.map((c) => c.value)).toEqual([3]);
  });

  it("rejects a forged or stale button politely and privately", async () => {
    for (const customId of ["ask:zzzzzzzz:1:1.2", "ask:garbage", "other:1"]) {
      const body = await reply(make.button(customId));
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(64);
      expect(body.data.content).toMatch(/older version|don't recognise/);
    }
    // The log line follows the reply, so it may land a moment after the fake saw the callback.
    await vi.waitFor(() =>
      expect(
        entries().filter((e) => e.kind === "button" && e.outcome === "rejected" && e.level === 40),
      ).toHaveLength(3),
    );
  });

  it("suggests questions while the user types", async () => {
    const body = await reply(make.autocomplete("ask", "question", "pemimp"));
    expect(body.type).toBe(8);
    const choices = body.data.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((c) => /pemimpin/i.test(c.name))).toBe(true);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it("lists the promises with their sources, and shows one in full", async () => {
    const list = await reply(make.command("promises", [], { locale: "en-US", guildLocale: "en-US" }));
    const fields = list.data.embeds?.[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual([
      "Promise 1: Alibaba akan mengembangkan SDM di Indonesia",
      "Promise 2: Indonesia akan berpartisipasi dalam Double Eleven",
      "Promise 3: Alibaba ingin membangun sekolah berbasis teknologi di Indonesia",
      "Promise 4: Produk Indonesia akan dipasarkan saat Singles' Day",
      "Promise 5: Jack Ma menargetkan mencetak seribu pemimpin teknologi di Indonesia",
    ]);
    expect(fields[4]?.value).toMatch(/paragraph 30\*$/);
    const one = await reply(
      make.command("promises", [{ name: "number", type: 4, value: 3 }], { guildLocale: "en-US" }),
    );
    expect(one.data.embeds?.[0]?.title).toBe(
      "Promise 3: Alibaba ingin membangun sekolah berbasis teknologi di Indonesia",
    );
    expect(one.data.embeds?.[0]?.fields?.map((f) => f.name)).toContain("paragraph 14");
  });

  it("answers privately in the user's language when asked to", async () => {
    const body = await reply(
      make.command(
        "ask",
        [
          { name: "question", type: 3, value: "Siapa presiden Amerika Serikat?" },
          { name: "private", type: 5, value: true },
        ],
        {
          id: "666666666666666662",
          locale: "en-GB",
          guildLocale: "id",
        },
      ),
    );
    expect(body.data.flags).toBe(64);
    expect(body.data.embeds?.[0]?.title).toBe("Not in the article");
  });

  it("answers /about and /help", async () => {
    const about = await reply(make.command("about", [], { guildLocale: "en-US" }));
    expect(about.data.embeds?.[0]?.fields?.[0]).toMatchObject({
      name: "Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia",
      value: "IDN Times · 35 paragraphs · jack-ma-5-janji",
    });
    const help = await reply(make.command("help", [], { guildLocale: "id" }));
    expect(help.data.embeds?.[0]?.title).toBe("Cara memakai tanya-artikel");
  });

  it("answers a flood from one user with a cooldown notice", async () => {
    const user = { id: "777777777777777777" };
    const bodies: CallbackBody[] = [];
    for (let i = 0; i < 4; i += 1) {
      bodies.push(await reply(make.command("ask", [{ name: "question", type: 3, value: "Alibaba" }], user)));
    }
    expect(bodies.slice(0, 3).every((b) => b.data.embeds !== undefined)).toBe(true);
    expect(bodies[3]?.data).toMatchObject({ flags: 64, content: expect.stringMatching(/seconds/) });
  });

  it("answers an unknown command politely and keeps running", async () => {
    const body = await reply(make.command("weather"));
    expect(body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/\/weather/) });
    expect((await reply(make.command("help"))).data.embeds).toHaveLength(1);
  });

  it("logs one structured line per interaction, without the token", async () => {
    const logged = entries().filter((e) => e.event === "interaction");
    expect(logged.length).toBeGreaterThan(10);
    for (const entry of logged) {
      expect(entry).toMatchObject({
        interactionId: expect.any(String),
        kind: expect.any(String),
        latencyMs: expect.any(Number),
      });
    }
    expect(logged.find((e) => e.kind === "ask" && e.outcome === "answered")).toMatchObject({
      passageId: expect.stringMatching(/^jack-ma-5-janji:/),
    });
    expect(lines.join("\n")).not.toContain(TOKEN);
    const calls: RecordedCall[] = discord.calls;
    expect(calls.every((c) => c.path !== "/api/v10/unknown")).toBe(true);
  });
});

describe("a wrong token", () => {
  it("fails with a clear error and no connection", async () => {
    const discord = await new FakeDiscord("the-right-token").start();
    const { log } = captureLogger();
    const config = loadConfig({
      DISCORD_TOKEN: "a-wrong-token",
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: discord.apiUrl,
    });
    await expect(startBot({ config, library: await loadLibrary(DEFAULT_CORPUS_DIR), log })).rejects.toThrow(
      /Discord rejected DISCORD_TOKEN/,
    );
    await discord.stop();
  });
});
