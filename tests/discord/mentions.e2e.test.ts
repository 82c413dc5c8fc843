import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { type Harness, startHarness } from "../helpers/bot-harness.js";
import { expectNothingPings, expectWithinDiscordLimits } from "../helpers/discord-payload.js";
import {
  BOT_USER,
  BOT_USER_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  GUILD_ID,
  type RecordedCall,
} from "../helpers/fake-discord.js";

/** Questions asked by @mentioning the bot (MESSAGE_CREATE), answered with a reply in the channel. */

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

interface MessageBody {
  content?: string;
  flags?: number;
  embeds?: Embed[];
  components?: { type: number; components: { custom_id: string; label: string }[] }[];
  allowed_mentions?: { parse: string[]; replied_user?: boolean };
  message_reference?: {
    message_id: string;
    channel_id?: string;
    guild_id?: string;
    fail_if_not_exists?: boolean;
  };
}

const OTHER_GUILD_ID = "222222222222222229";
const OTHER_CHANNEL_ID = "333333333333333339";

const library = await loadLibrary(DEFAULT_CORPUS_DIR);
const passages = new Set(library.articles.flatMap((a) => a.passages.map((p) => p.text)));

function quotedText(embed: Embed | undefined): string {
  const quote = (embed?.description ?? "").split("\n\n").find((part) => part.startsWith("> "));
  if (quote === undefined) throw new Error(`no quote in ${embed?.description}`);
  return quote.slice(2).replaceAll("**", "").replace(/\\(.)/g, "$1");
}

function fieldsOf(embed: Embed | undefined): Record<string, string> {
  return Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
}

/** Nothing in the reply pings or highlights anyone, and it is within Discord's limits. */
function expectInertAndWithinLimits(body: MessageBody): void {
  expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expectNothingPings(body);
  expectWithinDiscordLimits(body);
}

describe("questions asked by @mentioning the bot", () => {
  let harness: Harness;
  let users = 0;
  /** One question per user per minute (COOLDOWN_QUESTIONS=1): each test's askers are new users. */
  const nextUser = (): string => {
    users += 1;
    return `7000000000000000${String(users).padStart(2, "0")}`;
  };
  const mention = `<@${BOT_USER_ID}>`;

  /** The bot's posts that reply to a message. */
  const repliesTo = (messageId: string): RecordedCall[] =>
    harness.discord
      .channelMessages()
      .filter((call) => (call.body as MessageBody).message_reference?.message_id === messageId);

  /** Sends a message and waits for the bot's reply to it. */
  const replyTo = async (
    message: Record<string, unknown>,
  ): Promise<{ call: RecordedCall; body: MessageBody }> => {
    harness.discord.deliverMessage(message);
    const call = await harness.discord.waitFor(() => repliesTo(message.id as string)[0]);
    return { call, body: call.body as MessageBody };
  };

  /** The log line for a message, once it is written (it follows the reply). */
  const logLineOf = (messageId: string) =>
    vi.waitFor(() => {
      const line = harness.entries().find((e) => e.messageId === messageId);
      if (!line) throw new Error(`no log line for message ${messageId}`);
      return line;
    });

  beforeAll(async () => {
    harness = await startHarness("FAKE.TOKEN-mentions_0123456789abcdef", {
      COOLDOWN_QUESTIONS: "1",
      COOLDOWN_SECONDS: "60",
    });
    // Discord sends each server's GUILD_CREATE after READY: the bot learns their languages.
    harness.discord.guildCreate({ id: GUILD_ID, preferred_locale: "en-US" });
    harness.discord.guildCreate({ id: OTHER_GUILD_ID, preferred_locale: "id" });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("answers a mention in a server with one reply to it, in the server's language, pinging nobody", async () => {
    const message = harness.make.message(`${mention} berapa pemimpin teknologi yang ingin dicetak?`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
    });
    const { call, body } = await replyTo(message);
    expect(call.method).toBe("POST");
    expect(call.path).toBe(`/api/v10/channels/${CHANNEL_ID}/messages`);
    expect(body.message_reference).toEqual({
      message_id: message.id,
      channel_id: CHANNEL_ID,
      guild_id: GUILD_ID,
      fail_if_not_exists: false,
    });
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.flags ?? 0).toBe(0);
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds ?? [];
    // The server said en-US in GUILD_CREATE: English headings for an Indonesian question.
    expect(embed?.title).toMatch(/^(?:Answer from the article|Possibly the answer)$/);
    expect(passages.has(quotedText(embed))).toBe(true);
    expect(quotedText(embed)).toMatch(/seribu pemimpin teknologi/);
    // The question is echoed without the mention.
    expect(fieldsOf(embed).Question).toBe("berapa pemimpin teknologi yang ingin dicetak?");
    expect(JSON.stringify(body)).not.toContain(BOT_USER_ID);
    const buttons = body.components?.[0]?.components ?? [];
    expect(buttons.slice(-2).map((b) => b.label)).toEqual(["Helpful", "Not helpful"]);
    expectInertAndWithinLimits(body);
    expect(await logLineOf(message.id as string)).toMatchObject({
      event: "mention",
      guildId: GUILD_ID,
      outcome: expect.stringMatching(/^(?:answered|maybe)$/),
      passageId: expect.stringMatching(/^jack-ma-5-janji:/),
      latencyMs: expect.any(Number),
    });
    expect(repliesTo(message.id as string)).toHaveLength(1);
  });

  it("answers in Indonesian in a server whose language is Indonesian, whatever the question's", async () => {
    const message = harness.make.message(`${mention} What school does Alibaba want to build?`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
      guildId: OTHER_GUILD_ID,
      channelId: OTHER_CHANNEL_ID,
    });
    const { call, body } = await replyTo(message);
    expect(call.path).toBe(`/api/v10/channels/${OTHER_CHANNEL_ID}/messages`);
    expect(body.message_reference?.guild_id).toBe(OTHER_GUILD_ID);
    expect(body.embeds?.[0]?.fields?.map((f) => f.name)).toContain("Pertanyaan");
  });

  it("takes the nickname form of the mention (<@!id>) out of the question too", async () => {
    const message = harness.make.message(
      `Halo <@!${BOT_USER_ID}>, sekolah apa yang ingin dibangun Alibaba?`,
      {
        author: { id: nextUser() },
        mentions: [BOT_USER],
      },
    );
    const { body } = await replyTo(message);
    const echoed = fieldsOf(body.embeds?.[0]).Question;
    expect(echoed).toMatch(/^Halo ?, sekolah apa yang ingin dibangun Alibaba\?$/);
    expect(JSON.stringify(body)).not.toContain(BOT_USER_ID);
  });

  it("answers a mention in a DM in the question's language", async () => {
    const english = harness.make.message(
      `${mention} How many technology leaders does Jack Ma want to create?`,
      {
        author: { id: nextUser() },
        mentions: [BOT_USER],
        dm: true,
      },
    );
    expect(english.guild_id).toBeUndefined();
    expect(english.member).toBeUndefined();
    const { call, body } = await replyTo(english);
    expect(call.path).toBe(`/api/v10/channels/${DM_CHANNEL_ID}/messages`);
    expect(body.message_reference).toEqual({
      message_id: english.id,
      channel_id: DM_CHANNEL_ID,
      fail_if_not_exists: false,
    });
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const [embed] = body.embeds ?? [];
    expect(embed?.title).toMatch(/^(?:Answer from the article|Possibly the answer)$/);
    expect(fieldsOf(embed).Question).toBe("How many technology leaders does Jack Ma want to create?");
    expect(passages.has(quotedText(embed))).toBe(true);
    expect(await logLineOf(english.id as string)).toMatchObject({ event: "mention", guildId: null });

    const indonesian = harness.make.message(`${mention} sekolah apa yang ingin dibangun Alibaba?`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
      dm: true,
    });
    const answer = await replyTo(indonesian);
    expect(answer.body.embeds?.[0]?.title).toMatch(/^(?:Jawaban dari artikel|Mungkin ini jawabannya)$/);
    expect(fieldsOf(answer.body.embeds?.[0]).Pertanyaan).toBe("sekolah apa yang ingin dibangun Alibaba?");
  });

  it("ignores messages that do not mention it, messages from other bots and its own", async () => {
    const before = harness.discord.channelMessages().length;
    const ignored = [
      harness.make.message("berapa pemimpin teknologi yang ingin dicetak?", { author: { id: nextUser() } }),
      harness.make.message(`${mention} berapa pemimpin teknologi yang ingin dicetak?`, {
        author: { id: nextUser(), bot: true },
        mentions: [BOT_USER],
      }),
      harness.make.message(`${mention} berapa pemimpin teknologi yang ingin dicetak?`, {
        author: { ...BOT_USER },
        mentions: [BOT_USER],
      }),
    ];
    for (const message of ignored) harness.discord.deliverMessage(message);
    // Events on one connection are handled in order: once a later mention is answered, the ones
    // before it have been dealt with.
    const later = harness.make.message(`${mention} Alibaba`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
    });
    await replyTo(later);
    for (const message of ignored) {
      expect(repliesTo(message.id as string)).toEqual([]);
      expect(harness.entries().filter((e) => e.messageId === message.id)).toEqual([]);
    }
    expect(harness.discord.channelMessages().length).toBe(before + 1);
  });

  it('ignores a reply that pings it without naming it: Discord lists the bot in `mentions`, but "thanks!" is not a question', async () => {
    const ping = harness.make.message("thanks!", { author: { id: nextUser() }, mentions: [BOT_USER] });
    harness.discord.deliverMessage(ping);
    // Events on one connection are handled in order: once a later mention is answered, the ping has been.
    await replyTo(
      harness.make.message(`${mention} Alibaba`, { author: { id: nextUser() }, mentions: [BOT_USER] }),
    );
    expect(repliesTo(ping.id as string)).toEqual([]);
  });

  it("answers a bare mention with the help text", async () => {
    const message = harness.make.message(`  ${mention}  `, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
    });
    const { body } = await replyTo(message);
    const [embed] = body.embeds ?? [];
    expect(embed?.title).toBe("How to use tanya-artikel");
    expect(embed?.description).toMatch(/\/ask/);
    expect(embed?.fields?.map((f) => f.name)).not.toContain("Question");
    expectInertAndWithinLimits(body);
    expect(await logLineOf(message.id as string)).toMatchObject({ event: "mention", outcome: "shown" });
  });

  it("makes @everyone and other mentions in the question inert", async () => {
    const message = harness.make.message(
      `${mention} @everyone @here <@123456789012345678> <@&123456789012345678> kapan Double Eleven?`,
      { author: { id: nextUser() }, mentions: [BOT_USER, { id: "123456789012345678", username: "x" }] },
    );
    const { body } = await replyTo(message);
    expect(fieldsOf(body.embeds?.[0]).Question).toBe(
      "@\u200beveryone @\u200bhere <\u200b@\u200b123456789012345678> <\u200b@\u200b&123456789012345678> kapan Double Eleven?",
    );
    expect(passages.has(quotedText(body.embeds?.[0]))).toBe(true);
    expectInertAndWithinLimits(body);
    expect(JSON.stringify(body)).not.toMatch(/@(?!\u200b)(?:everyone|here)|<@/);
  });

  it("applies the per-user budget: a second question within the window gets no reply, and is logged", async () => {
    const asker = nextUser();
    const first = harness.make.message(`${mention} Alibaba`, { author: { id: asker }, mentions: [BOT_USER] });
    await replyTo(first);
    const second = harness.make.message(`${mention} Double Eleven`, {
      author: { id: asker },
      mentions: [BOT_USER],
    });
    harness.discord.deliverMessage(second);
    await replyTo(
      harness.make.message(`${mention} sekolah`, { author: { id: nextUser() }, mentions: [BOT_USER] }),
    );
    expect(repliesTo(second.id as string)).toEqual([]);
    expect(await logLineOf(second.id as string)).toMatchObject({
      event: "mention",
      userId: asker,
      outcome: "cooldown",
    });
  });

  it("logs a reply it may not send (403 Missing Permissions) and keeps answering", async () => {
    harness.discord.injectFault({
      status: 403,
      body: { message: "Missing Permissions", code: 50013 },
      times: 1,
      match: /\/channels\/\d+\/messages$/,
    });
    const refused = harness.make.message(`${mention} Alibaba`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
    });
    harness.discord.deliverMessage(refused);
    // The refused post was made, and answered 403.
    await harness.discord.waitFor(() => repliesTo(refused.id as string)[0]);
    expect(await logLineOf(refused.id as string)).toMatchObject({
      event: "mention_reply_failed",
      level: 40,
      messageId: refused.id,
      channelId: CHANNEL_ID,
    });
    expect(repliesTo(refused.id as string)).toHaveLength(1); // not retried
    const next = harness.make.message(`${mention} sekolah apa yang ingin dibangun Alibaba?`, {
      author: { id: nextUser() },
      mentions: [BOT_USER],
    });
    const { body } = await replyTo(next);
    expect(body.embeds).toHaveLength(1);
    expect(await logLineOf(next.id as string)).toMatchObject({ event: "mention" });
  });
});
