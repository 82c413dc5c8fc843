import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FeedbackSink, RatingInput } from "../../src/commands/rating.js";
import { MAX_PENDING_VOTES } from "../../src/feedback/pending-limit.js";
import { FeedbackStore, FeedbackWriteError } from "../../src/feedback/store.js";
import { readFeedback } from "../../src/feedback/tally.js";
import { RATING_SAVE_TIMEOUT_MS } from "../../src/interactions/rating.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { type Harness, startHarness } from "../helpers/bot-harness.js";
import { BOT_USER, BOT_USER_ID } from "../helpers/fake-discord.js";

/** "Helpful" / "Not helpful" under an answer, pressed against the real bot and recorded by its sink. */

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
}

interface Button {
  custom_id: string;
  label: string;
}

interface MessageData {
  content?: string;
  flags?: number;
  embeds?: Embed[];
  components?: { components: Button[] }[];
}

interface CallbackBody {
  type: number;
  data: MessageData;
}

const library = await loadLibrary(DEFAULT_CORPUS_DIR);

/** The id of the passage an answer quotes, found by its text (bold markers and escapes taken out). */
function quotedPassageId(embed: Embed | undefined): string | undefined {
  const quote = (embed?.description ?? "").split("\n\n").find((part) => part.startsWith("> "));
  const text = quote?.slice(2).replaceAll("**", "").replace(/\\(.)/g, "$1");
  return library.articles.flatMap((a) => a.passages).find((p) => p.text === text)?.id;
}

function buttonsOf(data: MessageData): Button[] {
  return data.components?.flatMap((row) => row.components) ?? [];
}

function button(data: MessageData, label: string): string {
  const found = buttonsOf(data).find((b) => b.label === label);
  if (!found)
    throw new Error(`no "${label}" button in ${JSON.stringify(buttonsOf(data).map((b) => b.label))}`);
  return found.custom_id;
}

/**
 * A sink that keeps the votes it is given, after a turn of the event loop as a disk would. While
 * `failing` is set it fails instead: at once ("now", as a sink that throws), after a moment ("later",
 * as a write that fails), or not answering until `release()` ("never", as a hung network mount).
 */
class MemorySink implements FeedbackSink {
  readonly records: RatingInput[] = [];
  failing: "now" | "later" | "never" | undefined;
  readonly #hung: (() => void)[] = [];
  /** How many times the bot called record(). */
  calls = 0;
  async record(input: RatingInput): Promise<void> {
    this.calls += 1;
    if (this.failing === "now") throw new Error("disk full (test)");
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.failing === "later")
      throw new FeedbackWriteError("/test/feedback.jsonl", new Error("EIO (test)"));
    if (this.failing === "never") await new Promise<void>((resolve) => this.#hung.push(resolve));
    this.records.push(input);
  }
  /** The hung votes' writes complete, as when the mount answers again: the bot counts them no more. */
  release(): void {
    for (const resume of this.#hung.splice(0)) resume();
  }
  /** Votes waiting for release(). */
  get hung(): number {
    return this.#hung.length;
  }
}

/** Shared by both suites: deliver an interaction and read back the bot's callback. */
function replier(harness: () => Harness) {
  return async (interaction: Record<string, unknown>): Promise<CallbackBody> => {
    harness().discord.deliver(interaction);
    const call = await harness().discord.waitFor(() =>
      harness().discord.callbackFor(interaction.id as string),
    );
    return call.body as CallbackBody;
  };
}

describe("rating an answer", () => {
  const sink = new MemorySink();
  let harness: Harness;
  const reply = replier(() => harness);
  let users = 0;
  /** A user of their own for each test, so the per-user budget never decides one. */
  const nextUser = (): string => {
    users += 1;
    return `8000000000000000${String(users).padStart(2, "0")}`;
  };

  /** Asks `question` as `asker` (server in Indonesian, client in English) and returns the public answer. */
  const askAs = async (asker: string, question: string, locale = "en-US"): Promise<MessageData> => {
    const body = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: question }], { id: asker, locale }),
    );
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    return body.data;
  };

  /** Presses a button of `answer` (the message with id `messageId`) as `presser`. */
  const press = (
    customId: string,
    answer: MessageData,
    messageId: string,
    asker: string,
    presser: string,
    locale = "en-US",
  ) =>
    reply(
      harness.make.button(
        customId,
        { embeds: answer.embeds ?? [], id: messageId, askedBy: asker },
        { id: presser, locale },
      ),
    );

  const logLineOf = (interactionId: string) =>
    vi.waitFor(() => {
      const line = harness.entries().find((e) => e.interactionId === interactionId);
      if (!line) throw new Error(`no log line for ${interactionId}`);
      return line;
    });

  beforeAll(async () => {
    harness = await startHarness("FAKE.TOKEN-ratings_0123456789abcdef", {}, { feedback: sink });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("puts Membantu / Tidak membantu under an answer in Indonesian, Helpful / Not helpful in English", async () => {
    const id = await askAs(nextUser(), "Sekolah apa yang ingin dibangun Alibaba?");
    expect(
      buttonsOf(id)
        .slice(-2)
        .map((b) => b.label),
    ).toEqual(["Membantu", "Tidak membantu"]);
    expect(
      buttonsOf(id)
        .slice(-2)
        .map((b) => b.custom_id),
    ).toEqual([
      expect.stringMatching(new RegExp(`^rate:${library.version}:u:`)),
      expect.stringMatching(new RegExp(`^rate:${library.version}:d:`)),
    ]);
    const en = await reply(
      harness.make.command(
        "ask",
        [{ name: "question", type: 3, value: "Sekolah apa yang ingin dibangun Alibaba?" }],
        {
          id: nextUser(),
          guildLocale: "en-US",
        },
      ),
    );
    expect(
      buttonsOf(en.data)
        .slice(-2)
        .map((b) => b.label),
    ).toEqual(["Helpful", "Not helpful"]);
  });

  it("records a vote with the question as typed, the passage quoted and the answer's message; the voter is thanked privately", async () => {
    const asker = nextUser();
    const question = "Berapa **pemimpin** teknologi yang ingin dicetak Jack Ma? @everyone";
    const answer = await askAs(asker, question);
    const messageId = harness.discord.snowflake();
    const before = sink.records.length;
    const helpful = button(answer, "Membantu");
    const pressed = harness.make.button(
      helpful,
      { embeds: answer.embeds ?? [], id: messageId, askedBy: asker },
      {
        id: asker,
        locale: "en-US",
      },
    );
    const thanks = await reply(pressed);
    expect(thanks.type).toBe(4);
    expect(thanks.data.flags).toBe(64);
    // The notice is only the voter's: in their language.
    expect(thanks.data.content).toBe("Thanks! Your rating is recorded (click again to change it).");
    expect(sink.records.slice(before)).toEqual([
      {
        vote: "up",
        question,
        passageId: quotedPassageId(answer.embeds?.[0]),
        tier: expect.stringMatching(/^(?:answer|maybe)$/),
        confidence: expect.any(Number),
        corpusVersion: library.version,
        answer: messageId,
        userId: asker,
      },
    ]);
    expect(sink.records.at(-1)?.passageId).toMatch(/^jack-ma-5-janji:/);
    // The tier and confidence are those of the answer shown.
    const asked = harness.entries().find((e) => e.kind === "ask" && e.userId === asker);
    expect(asked).toBeDefined();
    expect(sink.records.at(-1)?.tier).toBe(asked?.outcome === "answered" ? "answer" : "maybe");
    expect(sink.records.at(-1)?.confidence).toBeCloseTo(Number(asked?.confidence), 3);
    expect(await logLineOf(pressed.id as string)).toMatchObject({
      kind: "rating",
      outcome: "rated",
      vote: "up",
      passageId: quotedPassageId(answer.embeds?.[0]),
    });
  });

  it("records a changed vote as a second vote, and another user's vote as theirs", async () => {
    const asker = nextUser();
    const other = nextUser();
    const answer = await askAs(asker, "kapan Double Eleven?");
    const messageId = harness.discord.snowflake();
    const before = sink.records.length;
    await press(button(answer, "Membantu"), answer, messageId, asker, asker);
    const changed = await press(button(answer, "Tidak membantu"), answer, messageId, asker, asker);
    expect(changed).toMatchObject({ type: 4, data: { flags: 64 } });
    const theirs = await press(button(answer, "Membantu"), answer, messageId, asker, other, "id");
    expect(theirs.data).toMatchObject({
      flags: 64,
      content: "Terima kasih! Penilaian Anda dicatat (klik lagi untuk mengubahnya).",
    });
    const votes = sink.records.slice(before);
    expect(votes.map((v) => [v.userId, v.vote, v.answer, v.question])).toEqual([
      [asker, "up", messageId, "kapan Double Eleven?"],
      [asker, "down", messageId, "kapan Double Eleven?"],
      [other, "up", messageId, "kapan Double Eleven?"],
    ]);
    expect(new Set(votes.map((v) => v.passageId)).size).toBe(1);
  });

  it("counts a vote on an answer from an older corpus version, with that version and no passage", async () => {
    const asker = nextUser();
    const answer = await askAs(asker, "Sekolah apa yang ingin dibangun Alibaba?");
    const current = button(answer, "Tidak membantu");
    const older = current.replace(/^rate:[\w-]+:/, "rate:oldVersion1:");
    expect(older).not.toBe(current);
    const before = sink.records.length;
    const body = await press(older, answer, harness.discord.snowflake(), asker, asker);
    expect(body).toMatchObject({
      type: 4,
      data: { flags: 64, content: "Thanks! Your rating is recorded (click again to change it)." },
    });
    expect(sink.records.slice(before)).toEqual([
      expect.objectContaining({
        corpusVersion: "oldVersion1",
        passageId: null,
        vote: "down",
        question: "Sekolah apa yang ingin dibangun Alibaba?",
        userId: asker,
      }),
    ]);
  });

  it("records a vote on a 'not in the article' answer with no passage and tier none", async () => {
    const asker = nextUser();
    const answer = await askAs(asker, "Siapa presiden Amerika Serikat?");
    expect(answer.embeds?.[0]?.title).toBe("Tidak ada di artikel");
    const before = sink.records.length;
    await press(button(answer, "Tidak membantu"), answer, harness.discord.snowflake(), asker, asker);
    expect(sink.records.slice(before)).toEqual([
      expect.objectContaining({
        passageId: null,
        tier: "none",
        vote: "down",
        question: "Siapa presiden Amerika Serikat?",
      }),
    ]);
  });

  it("refuses a forged rating button privately and records nothing", async () => {
    const user = nextUser();
    const answer = await askAs(user, "Alibaba");
    const before = sink.records.length;
    const forged = [
      "rate:garbage",
      `rate:${library.version}:u:999999:a:500`, // no such passage
      `rate:${library.version}:x:1:a:500`, // no such vote
      `rate:${library.version}:u:1:z:500`, // no such tier
      `rate:${library.version}:u:1:a:500:extra`,
    ];
    for (const customId of forged) {
      const pressed = harness.make.button(customId, { embeds: answer.embeds ?? [] }, { id: user });
      const body = await reply(pressed);
      expect(body).toMatchObject({
        type: 4,
        data: { flags: 64, content: "I don't recognise this button. Please ask again with /ask." },
      });
      expect(await logLineOf(pressed.id as string)).toMatchObject({
        kind: "rating",
        outcome: "rejected",
        level: 40,
      });
    }
    expect(sink.records.length).toBe(before);
  });

  it.each([
    [
      "throws",
      "now",
      "en-US",
      "Sorry, your rating could not be saved right now. Please try again later.",
      "disk full (test)",
    ],
    [
      "fails once the write is under way",
      "later",
      "id",
      "Maaf, penilaian Anda tidak dapat disimpan saat ini. Silakan coba lagi nanti.",
      "EIO (test)",
    ],
  ] as const)(
    "tells the voter the vote was not saved when the store %s, and logs feedback_failed",
    async (_, failing, locale, text, cause) => {
      const asker = nextUser();
      const answer = await askAs(asker, "Alibaba");
      const pressed = harness.make.button(
        button(answer, "Membantu"),
        { embeds: answer.embeds ?? [] },
        { id: asker, locale },
      );
      const before = sink.records.length;
      sink.failing = failing;
      try {
        const body = await reply(pressed);
        expect(body).toMatchObject({ type: 4, data: { flags: 64, content: text } });
      } finally {
        sink.failing = undefined;
      }
      expect(sink.records.length).toBe(before);
      await vi.waitFor(() =>
        expect(
          harness.entries().find((e) => e.event === "feedback_failed" && e.interactionId === pressed.id),
        ).toMatchObject({
          level: 50,
          err: expect.objectContaining({ message: expect.stringContaining(cause) }),
        }),
      );
      await vi.waitFor(() =>
        expect(
          harness.entries().find((e) => e.event === "interaction" && e.interactionId === pressed.id),
        ).toMatchObject({ kind: "rating", outcome: "not-recorded", vote: "up", level: 40 }),
      );
    },
  );

  it("tells the voter the vote was not saved when the store does not answer in time", async () => {
    const asker = nextUser();
    const answer = await askAs(asker, "Alibaba");
    const pressed = harness.make.button(
      button(answer, "Tidak membantu"),
      { embeds: answer.embeds ?? [] },
      { id: asker },
    );
    sink.failing = "never";
    try {
      // Bounded: well inside Discord's 3 seconds for an interaction's response.
      const body = await reply(pressed);
      expect(body).toMatchObject({
        type: 4,
        data: {
          flags: 64,
          content: "Sorry, your rating could not be saved right now. Please try again later.",
        },
      });
    } finally {
      sink.failing = undefined;
      sink.release();
    }
    expect(
      harness.entries().find((e) => e.event === "feedback_failed" && e.interactionId === pressed.id),
    ).toMatchObject({
      err: expect.objectContaining({ message: expect.stringContaining(`${RATING_SAVE_TIMEOUT_MS} ms`) }),
    });
  });

  it("while the store is stuck on earlier votes, refuses the next at once without calling it; takes votes again once they complete", async () => {
    const asker = nextUser();
    const answer = await askAs(asker, "Alibaba");
    const pressBy = (user: string) =>
      harness.make.button(button(answer, "Membantu"), { embeds: answer.embeds ?? [] }, { id: user });
    const hung = Array.from({ length: MAX_PENDING_VOTES }, () => pressBy(nextUser()));
    sink.failing = "never";
    try {
      for (const pressed of hung) harness.discord.deliver(pressed);
      await vi.waitFor(() => expect(sink.hung).toBe(MAX_PENDING_VOTES));
      const calls = sink.calls;
      const refused = pressBy(nextUser());
      const body = await reply(refused);
      expect(body.data).toMatchObject({
        flags: 64,
        content: "Sorry, your rating could not be saved right now. Please try again later.",
      });
      expect(sink.calls).toBe(calls);
      // Refused before the stuck ones were answered, so without waiting for the store.
      for (const pressed of hung) expect(harness.discord.callbackFor(pressed.id as string)).toBeUndefined();
      expect(
        harness.entries().find((e) => e.event === "feedback_busy" && e.interactionId === refused.id),
      ).toMatchObject({ level: 40, pending: 2 });
      expect(
        harness.entries().some((e) => e.event === "feedback_failed" && e.interactionId === refused.id),
      ).toBe(false);
    } finally {
      sink.failing = undefined;
      sink.release();
    }
    for (const pressed of hung)
      await harness.discord.waitFor(() => harness.discord.callbackFor(pressed.id as string));
    const before = sink.records.length;
    const accepted = await reply(pressBy(nextUser()));
    expect(accepted.data.content).toBe("Thanks! Your rating is recorded (click again to change it).");
    expect(sink.records.length).toBe(before + 1);
  });

  it("records a vote on an @mention answer against the message the bot posted", async () => {
    const asker = nextUser();
    const message = harness.make.message(`<@${BOT_USER_ID}> sekolah apa yang ingin dibangun Alibaba?`, {
      author: { id: asker },
      mentions: [BOT_USER],
    });
    harness.discord.deliverMessage(message);
    const call = await harness.discord.waitFor(() =>
      harness.discord
        .channelMessages()
        .find(
          (c) =>
            (c.body as { message_reference?: { message_id: string } }).message_reference?.message_id ===
            message.id,
        ),
    );
    const posted = call.response as { id: string; embeds: Embed[] };
    const data = call.body as MessageData;
    const before = sink.records.length;
    // A channel message has no interaction_metadata; the press carries the posted message as Discord keeps it.
    await press(button(data, "Membantu"), { embeds: posted.embeds }, posted.id, asker, asker);
    expect(sink.records.slice(before)).toEqual([
      expect.objectContaining({
        answer: posted.id,
        question: "sekolah apa yang ingin dibangun Alibaba?",
        passageId: quotedPassageId(data.embeds?.[0]),
        userId: asker,
        vote: "up",
      }),
    ]);
  });

  it("keeps the question on a paged answer, so a vote back on the answer records it", async () => {
    const asker = nextUser();
    const answer = await askAs(asker, "kapan Double Eleven?");
    const later = await press(
      button(answer, "Hasil lain"),
      answer,
      harness.discord.snowflake(),
      asker,
      asker,
    );
    expect(later.type).toBe(7);
    // Another match is not the bot's answer: it pages, and is not rated.
    const labels = (later.data.components?.[0]?.components ?? []).map((b) => b.label);
    expect(labels).toEqual(["Sebelumnya", "Hasil lain"]);
    const back = await press(
      button(later.data, "Sebelumnya"),
      later.data,
      harness.discord.snowflake(),
      asker,
      asker,
    );
    const before = sink.records.length;
    await press(button(back.data, "Membantu"), back.data, harness.discord.snowflake(), asker, asker);
    expect(sink.records.slice(before)).toEqual([
      expect.objectContaining({ question: "kapan Double Eleven?", vote: "up" }),
    ]);
  });
});

describe("votes with no feedback store configured", () => {
  let harness: Harness;
  const reply = replier(() => harness);

  beforeAll(async () => {
    harness = await startHarness("FAKE.TOKEN-ratings-nostore_0123456789abcdef");
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("are thanked for and only logged", async () => {
    const asker = "820000000000000001";
    const answer = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: "kapan Double Eleven?" }], {
        id: asker,
      }),
    );
    const pressed = harness.make.button(
      button(answer.data, "Membantu"),
      { embeds: answer.data.embeds ?? [], id: harness.discord.snowflake(), askedBy: asker },
      { id: asker, locale: "en-US" },
    );
    const body = await reply(pressed);
    expect(body).toMatchObject({
      type: 4,
      data: { flags: 64, content: "Thanks! Your rating is recorded (click again to change it)." },
    });
    await vi.waitFor(() =>
      expect(
        harness.entries().find((e) => e.interactionId === pressed.id && e.event === "interaction"),
      ).toMatchObject({
        outcome: "rated",
        vote: "up",
      }),
    );
  });
});

describe("votes kept by the real feedback store", () => {
  const dir = mkdtempSync(join(tmpdir(), "tanya-artikel-ratings-"));
  const file = join(dir, "feedback.jsonl");
  let harness: Harness;
  const reply = replier(() => harness);

  beforeAll(async () => {
    harness = await startHarness(
      "FAKE.TOKEN-ratings-store_0123456789abcdef",
      {},
      { feedback: new FeedbackStore(file) },
    );
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("appends one JSON line per vote, with the user id hashed", async () => {
    const asker = "810000000000000001";
    const other = "810000000000000002";
    const question = "Berapa pemimpin teknologi yang ingin dicetak Jack Ma?";
    const answer = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: question }], { id: asker }),
    );
    const messageId = harness.discord.snowflake();
    const embeds = answer.data.embeds ?? [];
    for (const [label, user] of [
      ["Membantu", asker],
      ["Tidak membantu", asker],
      ["Membantu", other],
    ] as const) {
      const body = await reply(
        harness.make.button(
          button(answer.data, label),
          { embeds, id: messageId, askedBy: asker },
          { id: user },
        ),
      );
      expect(body.data.flags).toBe(64);
    }
    const { records, malformed } = readFeedback(readFileSync(file, "utf8"));
    expect(malformed).toBe(0);
    expect(records.map((r) => [r.vote, r.question, r.answer, r.corpusVersion])).toEqual([
      ["up", question, messageId, library.version],
      ["down", question, messageId, library.version],
      ["up", question, messageId, library.version],
    ]);
    for (const record of records) {
      expect(record.passageId).toBe(quotedPassageId(answer.data.embeds?.[0]));
      expect(record.user).toMatch(/^[0-9a-f]{64}$/);
    }
    // One voter, one hash; another voter, another; the raw ids are nowhere in the file.
    expect(records[0]?.user).toBe(records[1]?.user);
    expect(records[2]?.user).not.toBe(records[0]?.user);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(asker);
    expect(text).not.toContain(other);
    expect(harness.entries().filter((e) => e.event === "feedback_failed")).toEqual([]);
  });
});

describe("a feedback file the real store refuses", () => {
  const dir = mkdtempSync(join(tmpdir(), "tanya-artikel-ratings-link-"));
  const file = join(dir, "feedback.jsonl");
  const target = join(dir, "not-the-feedback-file.txt");
  let harness: Harness;
  const reply = replier(() => harness);

  beforeAll(async () => {
    writeFileSync(target, "precious\n");
    symlinkSync(target, file);
    harness = await startHarness(
      "FAKE.TOKEN-ratings-link_0123456789abcdef",
      {},
      { feedback: new FeedbackStore(file) },
    );
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a symbolic link at FEEDBACK_FILE: nothing written through it, the voter told it was not saved", async () => {
    const asker = "830000000000000001";
    const answer = await reply(
      harness.make.command("ask", [{ name: "question", type: 3, value: "kapan Double Eleven?" }], {
        id: asker,
      }),
    );
    const pressed = harness.make.button(
      button(answer.data, "Membantu"),
      { embeds: answer.data.embeds ?? [], id: harness.discord.snowflake(), askedBy: asker },
      { id: asker, locale: "en-US" },
    );
    const body = await reply(pressed);
    expect(body.data).toMatchObject({
      flags: 64,
      content: "Sorry, your rating could not be saved right now. Please try again later.",
    });
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    const failed = harness.entries().find((e) => e.event === "feedback_failed");
    expect(failed).toMatchObject({
      interactionId: pressed.id,
      err: expect.objectContaining({ message: expect.stringContaining(file) }),
    });
    expect(JSON.stringify(failed)).toContain("symbolic link");
  });
});
