import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIPingInteraction,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from "discord-api-types/v10";
import { BoundedCache } from "../bounded-cache.js";
import { type AskOutcome, MAX_QUESTION_LENGTH, pageReply } from "../commands/ask.js";
import { askAboutMessage, messageUrl } from "../commands/ask-message.js";
import { decodePageButton, isAskButton } from "../commands/buttons.js";
import { COOLDOWN_COST, type Cooldown } from "../commands/cooldown.js";
import { type Command, commandSpec, runCommand } from "../commands/index.js";
import { suggestArticles } from "../commands/promises.js";
import { type FeedbackSink, isRatingButton } from "../commands/rating.js";
import type { Reply, ReplyContext } from "../commands/reply.js";
import type { CommandSpec } from "../commands/spec.js";
import { suggestPromiseNumbers, suggestQuestions } from "../commands/suggest.js";
import { PendingLimitedSink } from "../feedback/pending-limit.js";
import { langOf, type Messages, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { cutAt, truncateAtWord } from "../text.js";
import { InFlight } from "./in-flight.js";
import { DISCORD_LIMITS } from "./limits.js";
import { LenientOptions } from "./options.js";
import { questionOf, type RatingResult, rate } from "./rating.js";
import { type ReplyMessage, renderNotice, renderReply, withAuthor } from "./render.js";

export interface CoreDeps {
  library: Library;
  log: Logger;
  cooldown: Cooldown;
  /** Where "Helpful"/"Not helpful" votes go; without it votes are thanked for and only logged. */
  feedback?: FeedbackSink;
  /** Work in flight, when shared with another responder (the gateway's @mentions). */
  inFlight?: InFlight;
}

/** Every interaction but PING, which only the HTTP endpoint receives and answers by itself. */
export type AnswerableInteraction = Exclude<APIInteraction, APIPingInteraction>;

/** What one interaction's log line says beyond its id, kind and latency. */
export interface Outcome {
  outcome:
    | "answered"
    | "maybe"
    | "not-answered"
    | "shown"
    | "cooldown"
    | "rejected"
    | "suggested"
    | "rated"
    | "not-recorded"
    | "draining";
  passageId?: string | null;
  vote?: "up" | "down";
  confidence?: number;
  level?: "info" | "warn";
}

/** The answer to one interaction, as plain data for any transport to send, and what to log of it. */
export interface Answer {
  response: APIInteractionResponse;
  outcome: Outcome;
}

/** Sends an interaction's response: a REST callback on the gateway, the HTTP response on the endpoint. */
export type Respond = (response: APIInteractionResponse) => Promise<void>;

type Choice = { name: string; value: string | number };

/** Answers remembered (a few KiB each): popular questions recur, most of all those autocomplete suggests. */
const ANSWER_MEMO_LIMIT = 1_000;
/**
 * Above any command Discord sends (a question of MAX_QUESTION_LENGTH characters, even all quotes, is about
 * 700 with its context), so a forged longer one is answered without being kept: 1,000 keys stay < 1 MiB.
 */
const MAX_MEMO_KEY_CHARS = 1_024;

/** Public replies are read by the whole server, so they use its language; ephemeral ones the user's. */
function replyContext(locale: unknown, guildLocale: unknown, ephemeral: boolean): ReplyContext {
  // A guild locale that is not a string (never Discord's, but payloads are read as sent) is no guild locale.
  const shared = typeof guildLocale === "string" ? guildLocale : locale;
  return { lang: langOf(ephemeral ? locale : shared), ephemeral, userLang: langOf(locale) };
}

/** Who acted. Read defensively: the log line and the apology must survive a payload missing its user. */
function userOf(interaction: AnswerableInteraction): string | undefined {
  return interaction.member?.user?.id ?? interaction.user?.id;
}

/** A press of "Helpful" or "Not helpful": answered once its vote is stored, so by handle() only. */
function isRatingPress(interaction: AnswerableInteraction): interaction is APIMessageComponentInteraction {
  return (
    interaction.type === InteractionType.MessageComponent &&
    interaction.data?.component_type === ComponentType.Button &&
    typeof interaction.data.custom_id === "string" &&
    isRatingButton(interaction.data.custom_id)
  );
}

function kindOf(interaction: AnswerableInteraction): string {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return interaction.data?.type === ApplicationCommandType.Message
        ? "ask-message"
        : String(interaction.data?.name);
    case InteractionType.ApplicationCommandAutocomplete:
      return "autocomplete";
    case InteractionType.MessageComponent:
      return typeof interaction.data?.custom_id === "string" && isRatingButton(interaction.data.custom_id)
        ? "rating"
        : "button";
    default:
      return `type-${interaction.type}`;
  }
}

/**
 * Renders a page of an answer keeping what the page buttons cannot carry (100 characters): the question
 * echoed and whose message it answers, read from the message the page replaces. A vote on a later
 * page then still records the question.
 */
function keptFrom(message: APIMessage): (reply: Reply) => ReplyMessage {
  const question = questionOf(message);
  const author = message.embeds?.[0]?.author;
  return (reply) => {
    const data = renderReply(question ? { ...reply, question } : reply);
    const [embed] = data.embeds;
    if (author && embed) data.embeds[0] = withAuthor(embed, author);
    return data;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** What the log line says of an answer to a question: its tier, passage and confidence. */
export function askOutcome(result: AskOutcome): Outcome {
  const tier = result.tier === "answer" ? "answered" : result.tier === "maybe" ? "maybe" : "not-answered";
  return {
    outcome: tier,
    passageId: result.passageId,
    confidence: Number((result.confidence ?? 0).toFixed(3)),
  };
}

const notice = (text: string): APIInteractionResponse => ({
  type: InteractionResponseType.ChannelMessageWithSource,
  data: renderNotice(text),
});

/** A rating press's private answer, and its log line's outcome. */
const ratingAnswer = (rated: RatingResult): Answer => ({
  response: notice(rated.text),
  outcome:
    rated.status === "rejected"
      ? { outcome: "rejected", level: "warn" }
      : {
          outcome: rated.status,
          passageId: rated.passageId,
          ...(rated.vote ? { vote: rated.vote } : {}),
          ...(rated.status === "not-recorded" ? { level: "warn" as const } : {}),
        },
});

/** Work arriving too late in a stop: a short notice (no suggestions for autocomplete). */
const drainingAnswer = (interaction: AnswerableInteraction, t: Messages): Answer => ({
  response:
    interaction.type === InteractionType.ApplicationCommandAutocomplete
      ? suggestions([])
      : notice(t.shuttingDown),
  outcome: { outcome: "draining", level: "warn" },
});

/** Past the user's budget: a private notice saying when they may ask again. */
const cooldownAnswer = (waitMs: number, t: Messages): Answer => ({
  response: notice(t.cooldown(Math.ceil(waitMs / 1000))),
  outcome: { outcome: "cooldown" },
});

const suggestions = (choices: Choice[]): APIInteractionResponse => ({
  type: InteractionResponseType.ApplicationCommandAutocompleteResult,
  data: { choices },
});

/**
 * The transport-neutral interaction core: Discord's interaction payload in, the interaction response
 * out, both plain data (discord-api-types). Cooldown, option parsing, buttons, autocomplete, locale,
 * the log line and draining all live here; the gateway bot and the HTTP endpoint only carry bytes.
 */
export class InteractionCore {
  /** Shared with the gateway's @mention replies, so that a stop waits for both. */
  readonly inFlight: InFlight;
  private readonly answers = new BoundedCache<string, Answer>(ANSWER_MEMO_LIMIT);
  /** The votes' store, bounded: stuck votes must not take all of libuv's thread pool (pending-limit.ts). */
  private readonly feedback: FeedbackSink | undefined;

  get cooldown(): Cooldown {
    return this.deps.cooldown;
  }

  constructor(private readonly deps: CoreDeps) {
    this.inFlight = deps.inFlight ?? new InFlight();
    this.feedback = deps.feedback && new PendingLimitedSink(deps.feedback);
  }

  /**
   * Answers one interaction through `respond` and logs one line for it. Never rejects: a failure is
   * logged with the interaction id and answered with a short notice carrying that id.
   */
  handle(interaction: AnswerableInteraction, respond: Respond): Promise<void> {
    return this.inFlight.track(this.run(interaction, respond));
  }

  /**
   * The response to one interaction, without sending or logging it. Throws on a bug, and for a press of
   * "Helpful" / "Not helpful": its answer waits for the vote to be stored, and only handle() gives it.
   */
  answer(interaction: AnswerableInteraction): Answer {
    const t = messages(langOf(interaction.locale));
    if (!this.inFlight.accepting) return drainingAnswer(interaction, t);
    switch (interaction.type) {
      case InteractionType.ApplicationCommand:
        if (interaction.data.type === ApplicationCommandType.ChatInput)
          return this.command(interaction as APIChatInputApplicationCommandInteraction, t);
        if (interaction.data.type === ApplicationCommandType.Message)
          return this.askAboutMessage(interaction as APIMessageApplicationCommandInteraction, t);
        break;
      case InteractionType.ApplicationCommandAutocomplete:
        return this.autocomplete(interaction);
      case InteractionType.MessageComponent:
        if (interaction.data.component_type === ComponentType.Button) return this.button(interaction, t);
        break;
    }
    // A form or a menu (none of ours): a polite word beats Discord's "This interaction failed".
    return { response: notice(t.unsupported), outcome: { outcome: "rejected", level: "warn" } };
  }

  /** Answers what still arrives and what is in flight, within `timeoutMs`; then takes nothing more. */
  drain(timeoutMs: number, settleMs?: number): Promise<void> {
    return this.inFlight.drain(timeoutMs, settleMs);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async run(interaction: AnswerableInteraction, respond: Respond): Promise<void> {
    const started = performance.now();
    const base = {
      interactionId: interaction.id,
      kind: kindOf(interaction),
      userId: userOf(interaction),
      guildId: interaction.guild_id ?? null,
    };
    let answer: Answer;
    try {
      // Everything else is answered at once; a vote once it is stored, or not: the voter is told which.
      answer = isRatingPress(interaction) ? await this.vote(interaction) : this.answer(interaction);
      await respond(answer.response);
    } catch (error) {
      this.deps.log.error({ event: "interaction_failed", ...base, err: error });
      await this.apologise(interaction, respond, base);
      return;
    }
    const { level = "info", ...outcome } = answer.outcome;
    const latencyMs = Number((performance.now() - started).toFixed(2));
    this.deps.log[level]({ event: "interaction", ...base, latencyMs, ...outcome });
  }

  /** After a failure, one try at a notice carrying the interaction id (no suggestions for autocomplete). */
  private async apologise(interaction: AnswerableInteraction, respond: Respond, base: object): Promise<void> {
    const apology =
      interaction.type === InteractionType.ApplicationCommandAutocomplete
        ? suggestions([])
        : notice(messages(langOf(interaction.locale)).failed(interaction.id));
    try {
      await respond(apology);
    } catch (error) {
      // The interaction may be gone (token expired, Discord down): logging is all that is left to do.
      this.deps.log.warn({ event: "apology_failed", ...base, err: error });
    }
  }

  private command(interaction: APIChatInputApplicationCommandInteraction, t: Messages): Answer {
    const { cooldown, log } = this.deps;
    const options = new LenientOptions(interaction.data.options);
    const context = replyContext(
      interaction.locale,
      interaction.guild_locale,
      options.boolean("private") ?? false,
    );
    const command = (commandSpec(interaction.data.name) as CommandSpec<Command> | undefined)?.read(options);
    if (options.ignored.length > 0)
      log.warn({ event: "options_ignored", interactionId: interaction.id, options: options.ignored });
    if (!command)
      return {
        response: notice(t.unknownCommand(interaction.data.name)),
        outcome: { outcome: "rejected", level: "warn" },
      };
    if (command.name === "ask") {
      const waitMs = cooldown.take(userOf(interaction) ?? interaction.id);
      if (waitMs > 0) return cooldownAnswer(waitMs, t);
    }
    // A command's answer depends only on the command and who it is for: the same question, often one the
    // autocomplete suggested, is answered from memory (the library never changes while it runs).
    const key = JSON.stringify([command, context]);
    // A key past Discord's own option limits comes from a forged payload: answered, never remembered.
    const rememberable = key.length <= MAX_MEMO_KEY_CHARS;
    const known = rememberable ? this.answers.get(key) : undefined;
    if (known) return known;
    // Frozen: every later request shares it, so no transport may change it in place.
    const answer = deepFreeze(this.answerCommand(command, context));
    if (rememberable) this.answers.set(key, answer);
    return answer;
  }

  private answerCommand(command: Command, context: ReplyContext): Answer {
    const result = runCommand(this.deps.library, command, context);
    if (command.name !== "ask")
      return {
        response: { type: InteractionResponseType.ChannelMessageWithSource, data: renderReply(result.reply) },
        outcome: { outcome: "shown" },
      };
    return this.askAnswer(result);
  }

  /** An answer to a question as a channel message, with its tier and confidence for the log line. */
  private askAnswer(result: AskOutcome): Answer {
    return {
      response: { type: InteractionResponseType.ChannelMessageWithSource, data: renderReply(result.reply) },
      outcome: askOutcome(result),
    };
  }

  /** "Ask the article" on a message: its text answered publicly, saying whose message it answers. */
  private askAboutMessage(interaction: APIMessageApplicationCommandInteraction, t: Messages): Answer {
    const { library, cooldown } = this.deps;
    const message = interaction.data.resolved.messages[interaction.data.target_id];
    const text = message?.content.trim() ?? "";
    if (!message || !text) return { response: notice(t.noTextToAsk), outcome: { outcome: "rejected" } };
    const waitMs = cooldown.take(userOf(interaction) ?? interaction.id);
    if (waitMs > 0) return cooldownAnswer(waitMs, t);
    const url = messageUrl(interaction.guild_id, message.channel_id, message.id);
    const asked = { text, author: message.author.global_name ?? message.author.username, url: url ?? "" };
    const result = askAboutMessage(
      library,
      asked,
      replyContext(interaction.locale, interaction.guild_locale, false),
    );
    return this.askAnswer(result);
  }

  private autocomplete(interaction: APIApplicationCommandAutocompleteInteraction): Answer {
    // Autocomplete comes with every keystroke: past the user's budget, no suggestions (and no work).
    const userId = userOf(interaction) ?? interaction.id;
    if (this.deps.cooldown.take(userId, undefined, COOLDOWN_COST.suggestion) > 0)
      return { response: suggestions([]), outcome: { outcome: "cooldown" } };
    const options = new LenientOptions(interaction.data.options);
    const focused = options.focused();
    // Discord holds a submitted option to its `max_length`, but not the value being typed.
    const typed = cutAt(focused?.typed ?? "", MAX_QUESTION_LENGTH);
    const choices = focused ? this.choices(interaction.data.name, focused.name, typed, options) : [];
    const limit = DISCORD_LIMITS.autocompleteChoiceLength;
    return {
      response: suggestions(
        choices.slice(0, DISCORD_LIMITS.autocompleteChoices).map((c) => ({
          name: truncateAtWord(c.name, limit),
          value: typeof c.value === "number" ? c.value : truncateAtWord(c.value, limit),
        })),
      ),
      outcome: { outcome: "suggested" },
    };
  }

  /** Choices of the type of the option being typed: `/promises number` is an integer option. */
  private choices(command: string, option: string, typed: string, options: LenientOptions): Choice[] {
    const { library } = this.deps;
    if (command === "promises" && option === "number")
      return suggestPromiseNumbers(library, typed, options.string("article"));
    if (option === "article") return suggestArticles(library, typed);
    if (command === "ask" && option === "question")
      return suggestQuestions(library, typed).map((s) => ({ name: s, value: s }));
    return [];
  }

  /**
   * A press of "Helpful" / "Not helpful", answered once its vote is stored (or is not). Refused like any
   * interaction while draining, and costs a page's worth of the user's budget like any button.
   */
  private async vote(interaction: APIMessageComponentInteraction): Promise<Answer> {
    const t = messages(langOf(interaction.locale));
    if (!this.inFlight.accepting) return drainingAnswer(interaction, t);
    const userId = userOf(interaction) ?? interaction.id;
    const overBudget = this.buttonCost(userId, t);
    if (overBudget) return overBudget;
    const { library, log } = this.deps;
    return ratingAnswer(await rate({ library, log, feedback: this.feedback }, interaction, userId, t));
  }

  /** A button press costs a page's worth of the user's budget; past it, the cooldown notice. */
  private buttonCost(userId: string, t: Messages): Answer | undefined {
    const waitMs = this.deps.cooldown.take(userId, undefined, COOLDOWN_COST.page);
    return waitMs > 0 ? cooldownAnswer(waitMs, t) : undefined;
  }

  private button(interaction: APIMessageComponentInteraction, t: Messages): Answer {
    if (isRatingButton(interaction.data.custom_id))
      throw new Error(
        "a rating press is answered once its vote is stored: InteractionCore.handle() answers it",
      );
    const { library } = this.deps;
    const overBudget = this.buttonCost(userOf(interaction) ?? interaction.id, t);
    if (overBudget) return overBudget;
    const customId = interaction.data.custom_id;
    const decoded = isAskButton(customId)
      ? decodePageButton(library, customId)
      : ({ kind: "invalid", reason: "not an ask button" } as const);
    if (decoded.kind !== "page")
      return {
        response: notice(decoded.kind === "stale" ? t.staleButton : t.badButton),
        outcome: { outcome: "rejected", level: "warn" },
      };
    const passageId = decoded.request.passageIds[decoded.request.page] ?? null;
    const { message } = interaction;
    const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    // A public answer is edited for everyone: only the one who asked pages it. Anyone else sees
    // the page they asked for privately. (A private answer is only ever seen by its asker.)
    const askedBy = message.interaction_metadata?.user.id ?? message.interaction?.user.id;
    const kept = keptFrom(message);
    if (!ephemeral && askedBy !== userOf(interaction)) {
      const reply = pageReply(
        library,
        decoded.request,
        replyContext(interaction.locale, interaction.guild_locale, true),
      );
      return {
        response: { type: InteractionResponseType.ChannelMessageWithSource, data: kept(reply) },
        outcome: { outcome: "shown", passageId },
      };
    }
    const reply = pageReply(
      library,
      decoded.request,
      replyContext(interaction.locale, interaction.guild_locale, ephemeral),
    );
    // A message's ephemerality is fixed when it is sent: an update never carries the flag.
    const { flags: _ephemeralIsFixed, ...update } = kept(reply);
    return {
      response: { type: InteractionResponseType.UpdateMessage, data: update },
      outcome: { outcome: "shown", passageId },
    };
  }
}
