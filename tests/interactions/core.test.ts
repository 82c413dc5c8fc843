import { readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  APIActionRowComponent,
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIComponentInActionRow,
  APIEmbed,
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
  APIMessageComponentButtonInteraction,
} from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Cooldown } from "../../src/commands/cooldown.js";
import { messages } from "../../src/i18n.js";
import { InteractionCore, type Respond } from "../../src/interactions/core.js";
import { DISCORD_LIMITS } from "../../src/interactions/limits.js";
import { mentionQuestion } from "../../src/interactions/mention.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";
import { BOT_USER_ID, CHANNEL_ID, GUILD_ID, InteractionFactory } from "../helpers/fake-discord.js";

const library = await loadLibrary(DEFAULT_CORPUS_DIR);
/** Every paragraph of the corpus as written, to check quotes are word for word. */
const corpusText = readFileSync(join(DEFAULT_CORPUS_DIR, "jack-ma-5-janji.md"), "utf8");

/** The fake's builders' default user. */
const ASKER = "555555555555555555";
const OTHER = "666666666666666666";
const QUESTION = "Sekolah apa yang ingin dibangun Alibaba?";

// ---- Payloads as Discord sends them: the fake Discord's builders, without a server ----

let lastSnowflake = 900000000000000000n;
const make = new InteractionFactory({
  snowflake: () => {
    lastSnowflake += 1n;
    return lastSnowflake.toString();
  },
});

interface Who {
  id?: string;
  locale?: string;
  /** `null`: a direct message, so no guild, no member and no guild locale. */
  guildLocale?: string | null;
}

const asFactoryUser = ({ guildLocale, ...who }: Who) =>
  guildLocale === null ? { ...who, dm: true } : { ...who, ...(guildLocale ? { guildLocale } : {}) };

type RawOption = { name: string; type: number; value: unknown; focused?: boolean };

function command(name: string, options: RawOption[] = [], who: Who = {}) {
  return make.command(
    name,
    options,
    asFactoryUser(who),
  ) as unknown as APIChatInputApplicationCommandInteraction;
}

function ask(question: string, who: Who = {}, isPrivate?: boolean) {
  const options: RawOption[] = [{ name: "question", type: 3, value: question }];
  if (isPrivate !== undefined) options.push({ name: "private", type: 5, value: isPrivate });
  return command("ask", options, who);
}

/** `type` is the focused option's: 3 string, 4 integer (what is typed still arrives as a string). */
function autocomplete(name: string, option: string, typed: string, type = 3, others: RawOption[] = []) {
  return make.autocomplete(
    name,
    option,
    typed,
    {},
    type,
    others,
  ) as unknown as APIApplicationCommandAutocompleteInteraction;
}

/** A press of a button on one of the bot's replies, to a command `askedBy` ran. */
function button(customId: string, message: { flags?: number; askedBy?: string } = {}, who: Who = {}) {
  return make.button(
    customId,
    message,
    asFactoryUser(who),
  ) as unknown as APIMessageComponentButtonInteraction;
}

// ---- Reading responses ----

function setUp(cooldown = new Cooldown(100, 60_000)) {
  const captured = captureLogger();
  const core = new InteractionCore({ library, log: captured.log, cooldown });
  const events = (event: string) => captured.entries().filter((entry) => entry.event === event);
  return { core, events, entries: captured.entries };
}

/** The message data of a type 4 or type 7 response (fails the test for any other type). */
function messageOf(response: APIInteractionResponse): APIInteractionResponseCallbackData {
  if (response.type !== 4 && response.type !== 7)
    throw new Error(`expected a message response, got type ${response.type}`);
  return response.data ?? {};
}

function embedOf(response: APIInteractionResponse): APIEmbed {
  const embeds = messageOf(response).embeds ?? [];
  expect(embeds).toHaveLength(1);
  return embeds[0] as APIEmbed;
}

function buttonsOf(
  response: APIInteractionResponse,
): { custom_id: string; label?: string; disabled?: boolean }[] {
  const rows = (messageOf(response).components ?? []) as APIActionRowComponent<APIComponentInActionRow>[];
  return rows.flatMap((row) =>
    row.components.flatMap((c) =>
      c.type === 2 && "custom_id" in c
        ? [{ custom_id: c.custom_id, label: c.label, disabled: c.disabled }]
        : [],
    ),
  );
}

/** The "next" button of a reply in `lang`. */
function nextButtonOf(response: APIInteractionResponse, lang: "id" | "en"): string {
  const next = buttonsOf(response).find((b) => b.label === messages(lang).next);
  if (!next) throw new Error(`no "${messages(lang).next}" button in ${JSON.stringify(response)}`);
  return next.custom_id;
}

/** The quoted paragraph of an embed, as plain text: block quote, bold and escapes taken off. */
function quotedText(embed: APIEmbed): string {
  const quote = (embed.description ?? "").split("\n\n").find((part) => part.startsWith("> "));
  if (quote === undefined) throw new Error(`no quote in ${embed.description}`);
  return quote.slice(2).replaceAll("**", "").replace(/\\(.)/g, "$1");
}

function choicesOf(response: APIInteractionResponse): { name: string; value: string | number }[] {
  if (response.type !== 8) throw new Error(`expected an autocomplete result, got type ${response.type}`);
  return (response.data.choices ?? []) as { name: string; value: string | number }[];
}

/** A private notice: a message only its recipient sees, with text and no embed. */
function expectPrivateNotice(response: APIInteractionResponse, content: string | RegExp): void {
  expect(response.type).toBe(4);
  const data = messageOf(response);
  expect(data.flags).toBe(64);
  expect(data.allowed_mentions).toEqual({ parse: [] });
  if (typeof content === "string") expect(data.content).toBe(content);
  else expect(data.content).toMatch(content);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("InteractionCore on plain payloads", () => {
  describe("/ask", () => {
    it("answers publicly in the guild's language with one embed quoting a corpus paragraph word for word", () => {
      const { core } = setUp();
      const { response, outcome } = core.answer(ask(QUESTION, { locale: "en-US", guildLocale: "id" }));
      expect(response.type).toBe(4);
      const data = messageOf(response);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      expect("flags" in data).toBe(false);
      expect(outcome).toMatchObject({ outcome: "answered", passageId: "jack-ma-5-janji:14" });
      expect(outcome.confidence).toBeGreaterThan(0);
      const embed = embedOf(response);
      expect(embed.title).toBe(messages("id").answerTitle);
      const passage = library.kb.passage(outcome.passageId ?? "");
      expect(passage).toBeDefined();
      expect(quotedText(embed)).toBe(passage?.text);
      // The paragraph as the article has it, not a paraphrase or a cut.
      expect(corpusText.split("\n")).toContain(quotedText(embed));
      expect(embed.fields?.map((f) => f.name)).toEqual(
        expect.arrayContaining([messages("id").source, messages("id").question]),
      );
      expect(embed.fields?.find((f) => f.name === messages("id").question)?.value).toBe(QUESTION);
    });

    it("answers privately (flags 64) in the user's own language when private:true", () => {
      const { core } = setUp();
      const { response, outcome } = core.answer(ask(QUESTION, { locale: "en-US", guildLocale: "id" }, true));
      expect(response.type).toBe(4);
      const data = messageOf(response);
      expect(data.flags).toBe(64);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      const embed = embedOf(response);
      expect(embed.title).toBe(messages("en").answerTitle);
      expect(embed.fields?.map((f) => f.name)).toContain(messages("en").source);
      expect(quotedText(embed)).toBe(library.kb.passage(outcome.passageId ?? "")?.text);
      expect(nextButtonOf(response, "en")).toMatch(/^ask:/);
    });

    it("answers private:false like no option: public, in the guild's language", () => {
      const { core } = setUp();
      const { response } = core.answer(ask(QUESTION, { locale: "en-US", guildLocale: "id" }, false));
      expect("flags" in messageOf(response)).toBe(false);
      expect(embedOf(response).title).toBe(messages("id").answerTitle);
    });

    it("answers in the user's language in a direct message, where there is no guild locale", () => {
      const { core } = setUp();
      const { response } = core.answer(ask(QUESTION, { locale: "id", guildLocale: null }));
      expect(embedOf(response).title).toBe(messages("id").answerTitle);
    });
  });

  describe("other commands", () => {
    it("answers /promises with the article's promises (type 4)", () => {
      const { core } = setUp();
      const { response, outcome } = core.answer(command("promises"));
      expect(response.type).toBe(4);
      expect(outcome.outcome).toBe("shown");
      const embed = embedOf(response);
      expect(embed.title).toBe(messages("id").promisesTitle(library.articles[0]?.meta.title ?? ""));
      expect(embed.fields?.length).toBeGreaterThan(0);
      expect(messageOf(response).allowed_mentions).toEqual({ parse: [] });
    });

    it("answers /promises number:3 with that promise in full", () => {
      const { core } = setUp();
      const { response } = core.answer(command("promises", [{ name: "number", type: 4, value: 3 }]));
      expect(response.type).toBe(4);
      expect(embedOf(response).title).toMatch(/^Janji 3: /);
    });

    it("answers /help (type 4)", () => {
      const { core } = setUp();
      const { response, outcome } = core.answer(command("help"));
      expect(response.type).toBe(4);
      expect(outcome.outcome).toBe("shown");
      expect(embedOf(response).title).toBe(messages("id").helpTitle);
    });

    it("answers an unknown command with a private notice in the user's language", () => {
      const { core } = setUp();
      const { response, outcome } = core.answer(command("frobnicate", [], { locale: "en-GB" }));
      expectPrivateNotice(response, messages("en").unknownCommand("frobnicate"));
      expect(outcome).toMatchObject({ outcome: "rejected", level: "warn" });
    });
  });

  describe("cooldown", () => {
    it("gives the same user's second /ask a private cooldown notice, and leaves other users alone", () => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-01T00:00:00Z") });
      const { core } = setUp(new Cooldown(1, 60_000));
      const first = core.answer(ask(QUESTION, { id: ASKER }));
      expect(first.outcome.outcome).toBe("answered");
      vi.advanceTimersByTime(1_500);
      const second = core.answer(ask(QUESTION, { id: ASKER, locale: "en-US" }));
      expect(second.outcome.outcome).toBe("cooldown");
      // 58.5 s left, rounded up; in the asker's own language, as only they see it.
      expectPrivateNotice(second.response, messages("en").cooldown(59));
      const other = core.answer(ask(QUESTION, { id: OTHER }));
      expect(other.outcome.outcome).toBe("answered");
      expect(other.response.type).toBe(4);
      expect("flags" in messageOf(other.response)).toBe(false);
      expect(embedOf(other.response).title).toBe(messages("id").answerTitle);
    });

    it("lets the user ask again once the window has passed", () => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-01-01T00:00:00Z") });
      const { core } = setUp(new Cooldown(1, 60_000));
      expect(core.answer(ask(QUESTION)).outcome.outcome).toBe("answered");
      vi.advanceTimersByTime(60_001);
      expect(core.answer(ask(QUESTION)).outcome.outcome).toBe("answered");
    });

    it("keeps users apart in direct messages too (the user comes from `user`, not `member`)", () => {
      const { core } = setUp(new Cooldown(1, 60_000));
      expect(core.answer(ask(QUESTION, { id: ASKER, guildLocale: null })).outcome.outcome).toBe("answered");
      expect(core.answer(ask(QUESTION, { id: ASKER, guildLocale: null })).outcome.outcome).toBe("cooldown");
      expect(core.answer(ask(QUESTION, { id: OTHER, guildLocale: null })).outcome.outcome).toBe("answered");
    });
  });

  describe("buttons", () => {
    it("pages a public answer in place (type 7, no flags key) when the asker presses next", () => {
      const { core } = setUp();
      const first = core.answer(ask(QUESTION, { id: ASKER }));
      const next = nextButtonOf(first.response, "id");
      const { response, outcome } = core.answer(button(next, { flags: 0, askedBy: ASKER }, { id: ASKER }));
      expect(response.type).toBe(7);
      const data = messageOf(response);
      expect("flags" in data).toBe(false);
      expect(data.allowed_mentions).toEqual({ parse: [] });
      const embed = embedOf(response);
      expect(embed.title).toBe(messages("id").otherMatchTitle);
      expect(embed.footer?.text).toBe(messages("id").matchOf(2, 5));
      // The second page quotes the answer's second match, word for word.
      expect(outcome.passageId).not.toBe(first.outcome.passageId);
      expect(quotedText(embed)).toBe(library.kb.passage(outcome.passageId ?? "")?.text);
      expect(corpusText.split("\n")).toContain(quotedText(embed));
    });

    it("shows someone else who presses next the page privately (type 4, flags 64) in their language", () => {
      const { core } = setUp();
      const first = core.answer(ask(QUESTION, { id: ASKER }));
      const next = nextButtonOf(first.response, "id");
      const { response } = core.answer(
        button(next, { flags: 0, askedBy: ASKER }, { id: OTHER, locale: "en-US" }),
      );
      expect(response.type).toBe(4);
      const data = messageOf(response);
      expect(data.flags).toBe(64);
      expect(embedOf(response).title).toBe(messages("en").otherMatchTitle);
      expect(embedOf(response).footer?.text).toBe(messages("en").matchOf(2, 5));
    });

    it("pages a private answer in place (type 7, no flags key) in the asker's language", () => {
      const { core } = setUp();
      const first = core.answer(ask(QUESTION, { id: ASKER, locale: "en-US" }, true));
      const next = nextButtonOf(first.response, "en");
      const { response } = core.answer(button(next, { flags: 64, askedBy: ASKER }, { id: ASKER }));
      expect(response.type).toBe(7);
      expect("flags" in messageOf(response)).toBe(false);
      expect(embedOf(response).title).toBe(messages("en").otherMatchTitle);
    });

    it("answers a forged button id with a private notice", () => {
      const { core } = setUp();
      const bad = messages("en").badButton;
      for (const forged of [
        "evil",
        "ask:",
        `ask:${library.version}:9:13.16`,
        `ask:${library.version}:0:999999`,
        `ask:${library.version}:0:13;DROP`,
      ]) {
        const { response, outcome } = core.answer(button(forged));
        expectPrivateNotice(response, bad);
        expect(outcome.outcome).toBe("rejected");
      }
    });

    it("answers a button from an older corpus version with the stale notice", () => {
      const { core } = setUp();
      const first = core.answer(ask(QUESTION));
      const next = nextButtonOf(first.response, "id");
      const staleVersion = library.version === "oldVersn" ? "oldVers2" : "oldVersn";
      const stale = next.replace(`ask:${library.version}:`, `ask:${staleVersion}:`);
      expect(stale).not.toBe(next);
      const { response } = core.answer(button(stale, {}, { locale: "id" }));
      expectPrivateNotice(response, messages("id").staleButton);
    });
  });

  describe("autocomplete", () => {
    const typedQuestions = [
      "",
      "a",
      "alibaba",
      "Sekolah apa yang ingin",
      "jack ma pemimpin teknologi indonesia",
      "x".repeat(5_000),
      `${"indonesia ".repeat(80)}`,
    ];

    it.each(typedQuestions.map((typed) => [typed.slice(0, 40), typed]))(
      "suggests at most 25 questions of at most 100 characters for %j",
      (_label, typed) => {
        const { core } = setUp();
        const { response, outcome } = core.answer(autocomplete("ask", "question", typed));
        expect(response.type).toBe(8);
        expect(outcome.outcome).toBe("suggested");
        const choices = choicesOf(response);
        expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
        for (const choice of choices) {
          expect(typeof choice.value).toBe("string");
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoiceLength);
          expect(String(choice.value).length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoiceLength);
        }
      },
    );

    it("suggests something for the start of a question", () => {
      const { core } = setUp();
      expect(
        choicesOf(core.answer(autocomplete("ask", "question", "alibaba")).response).length,
      ).toBeGreaterThan(0);
    });

    it("suggests /promises numbers as numbers, matching what is typed", () => {
      const { core } = setUp();
      const all = choicesOf(core.answer(autocomplete("promises", "number", "", 4)).response);
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
      for (const choice of all) {
        expect(typeof choice.value).toBe("number");
        expect(Number.isInteger(choice.value)).toBe(true);
        expect(choice.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoiceLength);
      }
      const three = choicesOf(core.answer(autocomplete("promises", "number", "3", 4)).response);
      expect(three.map((c) => c.value)).toEqual([3]);
    });

    it("suggests articles by slug for /promises article", () => {
      const { core } = setUp();
      const choices = choicesOf(core.answer(autocomplete("promises", "article", "jack")).response);
      expect(choices).toContainEqual({
        name: library.articles[0]?.meta.title,
        value: library.articles[0]?.slug,
      });
    });

    it("suggests nothing for an option it does not know", () => {
      const { core } = setUp();
      expect(core.answer(autocomplete("ask", "nonsense", "a")).response).toEqual({
        type: 8,
        data: { choices: [] },
      });
    });
  });

  describe("handle()", () => {
    it("refuses a rating press that carries no answer message, recording nothing", async () => {
      const record = vi.fn();
      const core = new InteractionCore({
        library,
        log: captureLogger().log,
        cooldown: new Cooldown(100, 60_000),
        feedback: { record },
      });
      const id = `rate:${library.version}:u:0:a:900`;
      const respond = vi.fn<Respond>(async () => {});
      await core.handle({ ...button(id), message: undefined } as never, respond);
      expect(respond).toHaveBeenCalledTimes(1);
      expectPrivateNotice(respond.mock.calls[0]?.[0] as APIInteractionResponse, messages("en").badButton);
      expect(record).not.toHaveBeenCalled();
      // With its message, the same press is recorded, and only then answered: with the thanks, no placeholder.
      await core.handle(button(id) as never, respond);
      expect(record).toHaveBeenCalledTimes(1);
      expect(respond).toHaveBeenCalledTimes(2);
      expectPrivateNotice(respond.mock.calls[1]?.[0] as APIInteractionResponse, messages("en").ratingThanks);
    });

    it("leaves a rating press to handle(): answer() cannot give a vote's answer before it is stored", () => {
      const record = vi.fn();
      const core = new InteractionCore({
        library,
        log: captureLogger().log,
        cooldown: new Cooldown(100, 60_000),
        feedback: { record },
      });
      expect(() => core.answer(button(`rate:${library.version}:u:0:a:900`))).toThrow(/handle\(\)/);
      expect(record).not.toHaveBeenCalled();
    });

    it("ignores a MESSAGE_CREATE without an author, and one without the mention in its text", () => {
      const base = { id: "1", channel_id: CHANNEL_ID, content: `<@${BOT_USER_ID}> kapan?`, mentions: [] };
      expect(mentionQuestion({ ...base } as never, BOT_USER_ID)).toBeUndefined();
      expect(mentionQuestion({ ...base, author: { id: ASKER } } as never, BOT_USER_ID)).toBe("kapan?");
      expect(
        mentionQuestion({ ...base, content: "kapan?", author: { id: ASKER } } as never, BOT_USER_ID),
      ).toBeUndefined();
    });

    it.each([
      ["a button without a custom id", () => ({ ...button("x"), data: { component_type: 2 } })],
      ["a member without a user", () => ({ ...ask(QUESTION), member: {} })],
      ["a command without data", () => ({ ...command("ask"), data: undefined })],
      ["a locale that is not a string", () => ({ ...ask(QUESTION), locale: 42, guild_locale: { id: true } })],
      [
        "a failing command with a locale that is not a string",
        () => ({ ...command("ask"), data: undefined, locale: [] }),
      ],
    ])("never rejects on %s: it still answers, and logs", async (_, make) => {
      const { core, entries } = setUp();
      const respond = vi.fn<Respond>(async () => {});
      await expect(core.handle(make() as never, respond)).resolves.toBeUndefined();
      expect(respond).toHaveBeenCalled();
      expect(respond.mock.calls.at(-1)?.[0]).toMatchObject({ type: 4 });
      expect(entries().some((e) => e.event === "interaction" || e.event === "interaction_failed")).toBe(true);
    });

    it("sends the answer and logs exactly one interaction line with its id and outcome", async () => {
      const { core, events, entries } = setUp();
      const respond = vi.fn<Respond>(async () => {});
      const interaction = ask(QUESTION, { id: ASKER });
      await core.handle(interaction, respond);
      expect(respond).toHaveBeenCalledTimes(1);
      const sent = respond.mock.calls[0]?.[0];
      expect(sent?.type).toBe(4);
      expect(quotedText(embedOf(sent as APIInteractionResponse))).toBe(
        library.kb.passage("jack-ma-5-janji:14")?.text,
      );
      const lines = events("interaction");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        event: "interaction",
        interactionId: interaction.id,
        kind: "ask",
        userId: ASKER,
        guildId: GUILD_ID,
        outcome: "answered",
        passageId: "jack-ma-5-janji:14",
      });
      expect(typeof lines[0]?.latencyMs).toBe("number");
      expect(typeof lines[0]?.confidence).toBe("number");
      expect(entries().filter((e) => e.event === "interaction_failed")).toHaveLength(0);
      expect(core.pending).toBe(0);
    });

    it("logs a button press and an autocomplete under their own kinds", async () => {
      const { core, events } = setUp();
      const respond = vi.fn<Respond>(async () => {});
      const press = button("evil");
      const typing = autocomplete("ask", "question", "ali");
      await core.handle(press, respond);
      await core.handle(typing, respond);
      expect(events("interaction")).toEqual([
        expect.objectContaining({ interactionId: press.id, kind: "button", outcome: "rejected" }),
        expect.objectContaining({ interactionId: typing.id, kind: "autocomplete", outcome: "suggested" }),
      ]);
    });

    it("when respond rejects: logs interaction_failed, apologises once, logs apology_failed, and never rejects", async () => {
      const { core, events } = setUp();
      const respond = vi.fn<Respond>(async () => {
        throw new Error("Unknown interaction");
      });
      const interaction = ask(QUESTION, { locale: "en-US" });
      await expect(core.handle(interaction, respond)).resolves.toBeUndefined();
      expect(respond).toHaveBeenCalledTimes(2);
      expectPrivateNotice(
        respond.mock.calls[1]?.[0] as APIInteractionResponse,
        messages("en").failed(interaction.id),
      );
      const failed = events("interaction_failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ interactionId: interaction.id, kind: "ask", userId: ASKER });
      expect(failed[0]?.err).toMatchObject({ message: "Unknown interaction" });
      const apology = events("apology_failed");
      expect(apology).toHaveLength(1);
      expect(apology[0]).toMatchObject({ interactionId: interaction.id });
      expect(events("interaction")).toHaveLength(0);
      expect(core.pending).toBe(0);
    });

    it("when only the first respond rejects: the apology is sent and nothing says it failed", async () => {
      const { core, events } = setUp();
      const respond = vi.fn<Respond>(async () => {}).mockRejectedValueOnce(new Error("Service unavailable"));
      const interaction = ask(QUESTION, { locale: "id" });
      await core.handle(interaction, respond);
      expect(respond).toHaveBeenCalledTimes(2);
      expectPrivateNotice(
        respond.mock.calls[1]?.[0] as APIInteractionResponse,
        messages("id").failed(interaction.id),
      );
      expect(events("interaction_failed")).toHaveLength(1);
      expect(events("apology_failed")).toHaveLength(0);
    });

    it("when answering throws: logs interaction_failed and sends the apology instead", async () => {
      const { core, events } = setUp();
      vi.spyOn(library.kb, "ask").mockImplementation(() => {
        throw new Error("index corrupted");
      });
      const respond = vi.fn<Respond>(async () => {});
      const interaction = ask(QUESTION, { locale: "en-US" });
      await expect(core.handle(interaction, respond)).resolves.toBeUndefined();
      expect(respond).toHaveBeenCalledTimes(1);
      expectPrivateNotice(
        respond.mock.calls[0]?.[0] as APIInteractionResponse,
        messages("en").failed(interaction.id),
      );
      expect(events("interaction_failed")).toEqual([
        expect.objectContaining({
          interactionId: interaction.id,
          err: expect.objectContaining({ message: "index corrupted" }),
        }),
      ]);
    });

    it("apologises to a failed autocomplete with no suggestions, not a message", async () => {
      const { core } = setUp();
      const respond = vi.fn<Respond>(async () => {}).mockRejectedValueOnce(new Error("Unknown interaction"));
      await core.handle(autocomplete("ask", "question", "ali"), respond);
      expect(respond).toHaveBeenCalledTimes(2);
      expect(respond.mock.calls[1]?.[0]).toEqual({ type: 8, data: { choices: [] } });
    });

    it("never rejects even when respond throws synchronously", async () => {
      const { core, events } = setUp();
      const respond = vi.fn<Respond>(() => {
        throw new Error("sync throw");
      });
      await expect(core.handle(command("help"), respond)).resolves.toBeUndefined();
      expect(respond).toHaveBeenCalledTimes(2);
      expect(events("interaction_failed")).toHaveLength(1);
      expect(events("apology_failed")).toHaveLength(1);
    });
  });

  describe("the answer memo", () => {
    it("remembers any question Discord can send, even 300 characters of quotes, and not a forged longer one", () => {
      const { core } = setUp();
      for (const question of [QUESTION, '"'.repeat(300), `${"\\".repeat(150)}${'"'.repeat(150)}`]) {
        const first = core.answer(ask(question));
        expect(core.answer(ask(question)), question.slice(0, 20)).toBe(first);
      }
      const forged = `${QUESTION} ${"x".repeat(1_500)}`;
      const first = core.answer(ask(forged));
      const second = core.answer(ask(forged));
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    });
  });

  describe("text cut to Discord's limits", () => {
    /** Every string in a response, however deep. */
    const strings = (value: unknown): string[] =>
      typeof value === "string"
        ? [value]
        : typeof value === "object" && value !== null
          ? Object.values(value).flatMap(strings)
          : [];

    it("never splits an emoji in two: a question cut mid-emoji, an autocomplete typed past the limit", () => {
      const { core } = setUp();
      for (const filler of [298, 299, 300]) {
        const question = `${"Alibaba ".repeat(40).slice(0, filler)}😀😀 sekolah?`;
        for (const response of [
          core.answer(ask(question)).response,
          core.answer(ask(question, {}, true)).response,
          core.answer(autocomplete("ask", "question", question)).response,
        ]) {
          const bad = strings(response).filter((text) => !text.isWellFormed());
          expect(bad).toEqual([]);
        }
      }
    });
  });

  describe("drain()", () => {
    it("after drain, a command gets the shutting-down notice and autocomplete no choices", async () => {
      const { core, events } = setUp();
      await core.drain(1_000);
      const { response, outcome } = core.answer(ask(QUESTION, { locale: "en-US" }));
      expectPrivateNotice(response, messages("en").shuttingDown);
      expect(outcome.outcome).toBe("draining");
      expectPrivateNotice(
        core.answer(command("help", [], { locale: "id" })).response,
        messages("id").shuttingDown,
      );
      expectPrivateNotice(core.answer(button("evil")).response, messages("en").shuttingDown);
      expect(core.answer(autocomplete("ask", "question", "ali")).response).toEqual({
        type: 8,
        data: { choices: [] },
      });
      // Sent through handle, the notice is logged as such.
      const respond = vi.fn<Respond>(async () => {});
      const late = ask(QUESTION);
      await core.handle(late, respond);
      expect(respond).toHaveBeenCalledWith(expect.objectContaining({ type: 4 }));
      expect(events("interaction")).toEqual([
        expect.objectContaining({ interactionId: late.id, outcome: "draining" }),
      ]);
    });

    it("waits for an in-flight handle whose respond is slow", async () => {
      const { core, events } = setUp();
      const slow = deferred();
      let sent = false;
      const respond = vi.fn<Respond>(async () => {
        await slow.promise;
        sent = true;
      });
      const interaction = ask(QUESTION);
      const handled = core.handle(interaction, respond);
      expect(core.pending).toBe(1);
      let drained = false;
      const draining = core.drain(10_000).then(() => {
        drained = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(drained).toBe(false);
      expect(respond).toHaveBeenCalledTimes(1);
      // The answer already being sent is the real one, not a shutting-down notice.
      expect(embedOf(respond.mock.calls[0]?.[0] as APIInteractionResponse).title).toBe(
        messages("id").answerTitle,
      );
      slow.resolve();
      await draining;
      expect(drained).toBe(true);
      expect(sent).toBe(true);
      await handled;
      expect(core.pending).toBe(0);
      expect(events("interaction")).toEqual([
        expect.objectContaining({ interactionId: interaction.id, outcome: "answered" }),
      ]);
    });

    it("waits for a notice sent while draining too", async () => {
      const { core } = setUp();
      const first = deferred();
      const second = deferred();
      void core.handle(ask(QUESTION), () => first.promise);
      let drained = false;
      const draining = core.drain(10_000).then(() => {
        drained = true;
      });
      const lateRespond = vi.fn<Respond>(() => second.promise);
      void core.handle(command("help"), lateRespond);
      first.resolve();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(drained).toBe(false);
      expect(core.pending).toBe(1);
      second.resolve();
      await draining;
      expect(drained).toBe(true);
      expect(core.pending).toBe(0);
    });

    it("answers what arrives while draining, until the last part of its time", async () => {
      const { core, events } = setUp();
      void core.handle(ask(QUESTION), () => new Promise<void>(() => {}));
      const draining = core.drain(400);
      // Long before the deadline: a real answer, not the shutting-down notice.
      const early = core.answer(ask(QUESTION, { locale: "en-US", guildLocale: "en-US" }));
      expect(early.outcome.outcome).toBe("answered");
      expect(embedOf(early.response).title).toBe(messages("en").answerTitle);
      // Within the part kept for finishing (the last half of 400 ms): turned away.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const late = core.answer(ask(QUESTION, { locale: "en-US" }));
      expectPrivateNotice(late.response, messages("en").shuttingDown);
      await draining;
      expect(events("interaction")).toEqual([]);
    });

    it("keeps the event loop running while it waits for quiet: what arrives then is answered and waited for", async () => {
      const { core } = setUp();
      let drained = false;
      // A long settle time, so that only a drain holding the loop could keep the timer below from running in it.
      const draining = core.drain(10_000, 1_000).then(() => {
        drained = true;
      });
      // A timer is an event-loop turn: it runs within the settle time only if the drain does not hold the loop.
      const slow = deferred();
      const respond = vi.fn<Respond>(() => slow.promise);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(drained).toBe(false);
      void core.handle(ask(QUESTION, { locale: "en-US", guildLocale: "en-US" }), respond);
      await vi.waitFor(() => expect(respond).toHaveBeenCalledTimes(1));
      expect(embedOf(respond.mock.calls[0]?.[0] as APIInteractionResponse).title).toBe(
        messages("en").answerTitle,
      );
      slow.resolve();
      await draining;
      expect(core.pending).toBe(0);
    });

    it("ends early once nothing is in flight and nothing new arrives", async () => {
      const { core } = setUp();
      const respond = vi.fn<Respond>(async () => {});
      await core.handle(ask(QUESTION), respond);
      const started = performance.now();
      await core.drain(60_000);
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(core.answer(ask(QUESTION)).outcome.outcome).toBe("draining");
    });

    it("gives up waiting after its timeout", async () => {
      const { core } = setUp();
      void core.handle(ask(QUESTION), () => new Promise<void>(() => {}));
      const started = performance.now();
      await core.drain(100);
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(90);
      expect(waited).toBeLessThan(2_000);
      expect(core.pending).toBe(1);
    });
  });

  describe("hostile questions", () => {
    const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d+>|<#\d+>/;
    const hostile = [
      "@everyone **bold** <@123>",
      "@here <@!123> <@&456> <#789> **bold**",
      `@everyone ${QUESTION} **bold** <@123>`,
    ];

    it.each(hostile)("never yields a live mention for %j", (question) => {
      for (const isPrivate of [undefined, true]) {
        const { core } = setUp();
        const { response, outcome } = core.answer(ask(question, { locale: "en-US" }, isPrivate));
        expect(response.type).toBe(4);
        // A question the article answers is quoted too: the quote's own bold must not let the echo out.
        if (question.includes(QUESTION)) expect(outcome.passageId).toBe("jack-ma-5-janji:14");
        const data = messageOf(response);
        expect(data.allowed_mentions).toEqual({ parse: [] });
        const payload = JSON.stringify(response);
        expect(payload).not.toMatch(LIVE_MENTION);
        expect(payload).not.toContain("**bold**");
        // The question is still echoed, made inert.
        const echoed = embedOf(response).fields?.find(
          (f) => f.name === messages("id").question || f.name === messages("en").question,
        )?.value;
        expect(echoed).toContain("@\u200b");
        expect(echoed).toContain("bold");
      }
    });
  });
});
