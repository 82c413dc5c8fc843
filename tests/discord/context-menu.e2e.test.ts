import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { type Harness, startHarness } from "../helpers/bot-harness.js";
import { expectNothingPings, expectWithinDiscordLimits } from "../helpers/discord-payload.js";
import { CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID } from "../helpers/fake-discord.js";

/** "Ask the article" (right-click a message > Apps), with the real bot against the fake Discord. */

interface Embed {
  title?: string;
  author?: { name: string; url?: string };
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

interface CallbackBody {
  type: number;
  data: {
    content?: string;
    flags?: number;
    allowed_mentions?: { parse: string[]; replied_user?: boolean };
    embeds?: Embed[];
    components?: { type: number; components: { custom_id: string; label: string; disabled?: boolean }[] }[];
  };
}

const library = await loadLibrary(DEFAULT_CORPUS_DIR);
const passages = new Set(library.articles.flatMap((a) => a.passages.map((p) => p.text)));

/** The quoted paragraph with the bold markers and escapes taken out: what the corpus says. */
function quotedText(embed: Embed | undefined): string {
  const quote = (embed?.description ?? "").split("\n\n").find((part) => part.startsWith("> "));
  if (quote === undefined) throw new Error(`no quote in ${embed?.description}`);
  return quote.slice(2).replaceAll("**", "").replace(/\\(.)/g, "$1");
}

/** Nothing in the message pings or highlights anyone, and it is within every limit Discord enforces. */
function expectInertAndWithinLimits(data: CallbackBody["data"]): void {
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expectNothingPings(data);
  expectWithinDiscordLimits(data);
}

describe('"Ask the article" on a message', () => {
  let harness: Harness;
  let users = 0;
  /** A user of their own for each question, so the per-user budget never decides a test. */
  const nextUser = (): string => {
    users += 1;
    return `6000000000000000${String(users).padStart(2, "0")}`;
  };

  const reply = async (interaction: Record<string, unknown>): Promise<CallbackBody> => {
    harness.discord.deliver(interaction);
    const call = await harness.discord.waitFor(() => harness.discord.callbackFor(interaction.id as string));
    return call.body as CallbackBody;
  };

  beforeAll(async () => {
    harness = await startHarness("FAKE.TOKEN-context-menu_0123456789abcdef");
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("answers a message's text publicly, saying whose message it answers and linking to it", async () => {
    const target = harness.discord.snowflake();
    const interaction = harness.make.messageCommand(
      {
        id: target,
        content: "Berapa pemimpin teknologi yang ingin dicetak Jack Ma?",
        author: { id: "999999999999999992", username: "budi", global_name: "Budi" },
      },
      { id: nextUser() },
    );
    const body = await reply(interaction);
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0); // public: not ephemeral
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.embeds).toHaveLength(1);
    const [embed] = body.data.embeds ?? [];
    // The server's language (guild_locale "id"), though the user's client is in English.
    expect(embed?.title).toMatch(/^(?:Jawaban dari artikel|Mungkin ini jawabannya)$/);
    // Whose message it answers: the embed's author line (plain text), linked to the message.
    expect(embed?.author).toEqual({
      name: "Menjawab pertanyaan Budi",
      url: `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${target}`,
    });
    const quoted = quotedText(embed);
    expect(passages.has(quoted)).toBe(true);
    expect(quoted).toMatch(/seribu pemimpin teknologi/);
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Pertanyaan).toBe("Berapa pemimpin teknologi yang ingin dicetak Jack Ma?");
    expect(fields.Sumber).toMatch(/^Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia/);
    const buttons = body.data.components?.[0]?.components ?? [];
    expect(buttons.map((b) => b.label)).toEqual(["Sebelumnya", "Hasil lain", "Membantu", "Tidak membantu"]);
    expect(buttons.map((b) => b.custom_id.split(":")[0])).toEqual(["ask", "ask", "rate", "rate"]);
    expect(buttons[0]?.disabled).toBe(true);
    expectInertAndWithinLimits(body.data);
    await vi.waitFor(() =>
      expect(harness.entries().find((e) => e.interactionId === interaction.id)).toMatchObject({
        event: "interaction",
        kind: "ask-message",
        outcome: expect.stringMatching(/^(?:answered|maybe)$/),
        passageId: expect.stringMatching(/^jack-ma-5-janji:/),
      }),
    );
  });

  it("pages the answer it gave with its Next button, for the one who asked", async () => {
    const asker = nextUser();
    const first = await reply(
      harness.make.messageCommand({ content: "kapan Double Eleven?" }, { id: asker, locale: "id" }),
    );
    const next = first.data.components?.[0]?.components[1]?.custom_id ?? "";
    expect(next).toMatch(/^ask:/);
    const page = await reply(harness.make.button(next, { askedBy: asker }, { id: asker, locale: "id" }));
    expect(page.type).toBe(7);
    expect(page.data.embeds?.[0]?.footer?.text).toMatch(/^Hasil 2 dari \d$/);
    expect(passages.has(quotedText(page.data.embeds?.[0]))).toBe(true);
    expect(quotedText(page.data.embeds?.[0])).not.toBe(quotedText(first.data.embeds?.[0]));
  });

  it.each([
    ["only an attachment", { attachments: [attachment()] }],
    ["only an embed", { embeds: [{ type: "rich", title: "Jack Ma", description: "Alibaba" }] }],
    ["only whitespace", { content: " \n\t " }],
  ])(
    "tells the user privately, in their language, that a message with %s has no text to ask",
    async (_, target) => {
      const interaction = harness.make.messageCommand(
        { content: "", ...target },
        { id: nextUser(), locale: "en-US", guildLocale: "id" },
      );
      const body = await reply(interaction);
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(64);
      expect(body.data.embeds ?? []).toEqual([]);
      expect(body.data.content).toBe("This message has no text to ask about (only an image or an embed).");
      expect(body.data.allowed_mentions).toEqual({ parse: [] });
      await vi.waitFor(() =>
        expect(harness.entries().find((e) => e.interactionId === interaction.id)).toMatchObject({
          kind: "ask-message",
          outcome: "rejected",
        }),
      );
    },
  );

  it("makes a question with @everyone and an author named with @here and Markdown inert", async () => {
    const target = harness.discord.snowflake();
    const body = await reply(
      harness.make.messageCommand(
        {
          id: target,
          content: "@everyone kapan Double Eleven?",
          author: { id: "999999999999999993", username: "troll", global_name: "**Big** @here _boss_ <@1>" },
        },
        { id: nextUser() },
      ),
    );
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    const [embed] = body.data.embeds ?? [];
    // An author line is never Markdown; its mentions are broken all the same.
    expect(embed?.author).toEqual({
      name: "Menjawab pertanyaan **Big** @\u200bhere _boss_ <\u200b@\u200b1>",
      url: `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${target}`,
    });
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Pertanyaan).toBe("@\u200beveryone kapan Double Eleven?");
    expect(passages.has(quotedText(embed))).toBe(true);
    expect(quotedText(embed)).toMatch(/Double Eleven/);
    expectInertAndWithinLimits(body.data);
    // Nowhere in the whole payload, buttons included, is there a mention Discord would read.
    expect(JSON.stringify(body)).not.toMatch(/@(?!\u200b)(?:everyone|here)|<@/);
  });

  it("keeps a long, hostile message within Discord's limits", async () => {
    const content = `${"**@everyone** <@&123456789012345678> ||Alibaba|| ".repeat(60)}sekolah?`;
    const body = await reply(
      harness.make.messageCommand(
        { content, author: { global_name: "@here ".repeat(40).trim() } },
        { id: nextUser() },
      ),
    );
    expect(body.type).toBe(4);
    expect(body.data.embeds).toHaveLength(1);
    expectInertAndWithinLimits(body.data);
  });

  it("answers in the server's language when it is English, whatever the user's", async () => {
    const target = harness.discord.snowflake();
    const body = await reply(
      harness.make.messageCommand(
        { id: target, content: "Sekolah apa yang ingin dibangun Alibaba?", author: { global_name: "Sari" } },
        { id: nextUser(), locale: "id", guildLocale: "en-US" },
      ),
    );
    const [embed] = body.data.embeds ?? [];
    expect(embed?.title).toMatch(/^(?:Answer from the article|Possibly the answer)$/);
    expect(embed?.author).toEqual({
      name: "Answering Sari's question",
      url: `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${target}`,
    });
    expect(embed?.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(["Source", "Question"]));
    const buttons = body.data.components?.[0]?.components ?? [];
    expect(buttons.slice(-2).map((b) => b.label)).toEqual(["Helpful", "Not helpful"]);
  });

  it("answers in the user's language in a DM, and links to the message there", async () => {
    const target = harness.discord.snowflake();
    const body = await reply(
      harness.make.messageCommand(
        { id: target, content: "Sekolah apa yang ingin dibangun Alibaba?", author: { global_name: "Sari" } },
        { id: nextUser(), locale: "en-GB", dm: true },
      ),
    );
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    const [embed] = body.data.embeds ?? [];
    expect(embed?.title).toMatch(/^(?:Answer from the article|Possibly the answer)$/);
    expect(embed?.author).toEqual({
      name: "Answering Sari's question",
      url: `https://discord.com/channels/@me/${DM_CHANNEL_ID}/${target}`,
    });
  });

  it("uses the author's username when they have no display name", async () => {
    const body = await reply(
      harness.make.messageCommand(
        { content: "Alibaba", author: { username: "rina_88", global_name: null } },
        { id: nextUser() },
      ),
    );
    expect(body.data.embeds?.[0]?.author?.name).toBe("Menjawab pertanyaan rina_88");
  });
});

function attachment(): Record<string, unknown> {
  return {
    id: "999999999999999994",
    filename: "foto.png",
    size: 1024,
    url: "https://cdn.discordapp.com/attachments/1/2/foto.png",
    proxy_url: "https://media.discordapp.net/attachments/1/2/foto.png",
    content_type: "image/png",
    width: 64,
    height: 64,
  };
}
