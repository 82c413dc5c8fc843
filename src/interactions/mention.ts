import type {
  GatewayMessageCreateDispatchData,
  RESTPostAPIChannelMessageJSONBody,
} from "discord-api-types/v10";
import type { AskOutcome } from "../commands/ask.js";
import { ask } from "../commands/ask.js";
import type { Cooldown } from "../commands/cooldown.js";
import { help } from "../commands/help.js";
import { COMMANDS } from "../commands/index.js";
import { shown } from "../commands/spec.js";
import { type Lang, langOf } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { tokenize } from "../search/analyzer.js";
import { looksEnglish } from "../search/english.js";
import { askOutcome } from "./core.js";
import type { InFlight } from "./in-flight.js";
import { renderReply } from "./render.js";

/** Who the bot is, and the language of the server a message came from (from GUILD_CREATE). */
export interface MentionContext {
  botUserId: string;
  guildLocale?: string | undefined;
}

/**
 * The question a message asks the bot, without the mention; undefined when the message is not for it:
 * from a bot (itself included), or without `<@bot>` in its text.
 */
export function mentionQuestion(
  message: GatewayMessageCreateDispatchData,
  botUserId: string,
): string | undefined {
  if (!message.author?.id || message.author.bot) return undefined;
  // The mention written in the text: a reply to the bot's message pings it too (it is then in
  // `mentions`), but "thanks!" is not a question.
  const mention = new RegExp(`<@!?${botUserId}>`, "g");
  if (typeof message.content !== "string" || !mention.test(message.content)) return undefined;
  return message.content.replace(mention, " ").replace(/\s+/g, " ").trim();
}

/** A server's language when Discord told it; in a DM, the question's own. */
function languageOf(question: string, guildLocale: string | undefined): Lang {
  if (guildLocale) return langOf(guildLocale);
  return looksEnglish(tokenize(question.toLowerCase())) ? "en" : "id";
}

/**
 * The reply to a question asked by mentioning the bot: the same answer as /ask (or the help text when
 * the mention asks nothing), as a reply to that message that pings nobody, not even its author.
 */
export function mentionReply(
  library: Library,
  message: GatewayMessageCreateDispatchData,
  question: string,
  context: MentionContext,
): { body: RESTPostAPIChannelMessageJSONBody; outcome: AskOutcome } {
  const replyContext = { lang: languageOf(question, context.guildLocale), ephemeral: false };
  const outcome = question
    ? ask(library, question, replyContext)
    : shown(help(replyContext, COMMANDS, "discord"));
  // A reply in a channel cannot be private: the flag is dropped, the content kept.
  const { flags: _neverEphemeral, ...data } = renderReply({ ...outcome.reply, ephemeral: false });
  return {
    body: {
      ...data,
      allowed_mentions: { parse: [], replied_user: false },
      message_reference: {
        message_id: message.id,
        channel_id: message.channel_id,
        ...(message.guild_id ? { guild_id: message.guild_id } : {}),
        fail_if_not_exists: false,
      },
    },
    outcome,
  };
}

export interface MentionDeps {
  library: Library;
  log: Logger;
  /** The same budget as the interactions': a mention costs a question. */
  cooldown: Cooldown;
  /** Shared with the interaction core, so that a stop waits for mention replies too. */
  inFlight: InFlight;
}

/** Sends a reply to a message: POST /channels/{channel}/messages on the gateway bot. */
export type SendMessage = (body: RESTPostAPIChannelMessageJSONBody) => Promise<void>;

/**
 * Answers the gateway's messages that mention the bot: the answer is sent through `send` as a reply to
 * the message, and one line is logged. Past the user's budget it is left unanswered (a public notice
 * would let one user make the bot spam a channel). Never rejects: a reply that cannot be sent (no
 * permission in that channel) is logged at warn.
 */
export class MentionResponder {
  constructor(private readonly deps: MentionDeps) {}

  async handle(
    message: GatewayMessageCreateDispatchData,
    context: MentionContext,
    send: SendMessage,
  ): Promise<void> {
    const question = this.deps.inFlight.accepting ? mentionQuestion(message, context.botUserId) : undefined;
    if (question === undefined) return;
    await this.deps.inFlight.track(this.reply(message, question, context, send));
  }

  private async reply(
    message: GatewayMessageCreateDispatchData,
    question: string,
    context: MentionContext,
    send: SendMessage,
  ): Promise<void> {
    const started = performance.now();
    const base = {
      event: "mention",
      messageId: message.id,
      userId: message.author.id,
      guildId: message.guild_id ?? null,
    };
    const { log, cooldown, library } = this.deps;
    if (cooldown.take(message.author.id) > 0) {
      log.info({ ...base, outcome: "cooldown" });
      return;
    }
    try {
      const { body, outcome } = mentionReply(library, message, question, context);
      await send(body);
      log.info({
        ...base,
        latencyMs: Number((performance.now() - started).toFixed(2)),
        ...(question ? askOutcome(outcome) : { outcome: "shown" }),
      });
    } catch (error) {
      log.warn({ ...base, event: "mention_reply_failed", channelId: message.channel_id, err: error });
    }
  }
}
