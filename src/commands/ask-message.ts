import type { Library } from "../library.js";
import { type AskOutcome, ask } from "./ask.js";
import type { ReplyContext } from "./reply.js";

/**
 * The message context menu command (right-click a message > Apps): it answers the message's text as a
 * question, publicly, saying whose message it answers. Message commands have a name and no options.
 */
export const ASK_MESSAGE_COMMAND = { en: "Ask the article", id: "Tanya artikel" } as const;

/** A message asked about: its text, who wrote it, and a link to it. */
export interface AskedMessage {
  text: string;
  author: string;
  url: string;
}

export function askAboutMessage(library: Library, message: AskedMessage, context: ReplyContext): AskOutcome {
  const outcome = ask(library, message.text, context);
  return { ...outcome, reply: { ...outcome.reply, inReplyTo: { author: message.author, url: message.url } } };
}

/** Discord's link to a message; `guildId` is absent in a DM. Ids are snowflakes (digits only) or nothing. */
export function messageUrl(
  guildId: string | undefined,
  channelId: string,
  messageId: string,
): string | undefined {
  const ids = [guildId ?? "@me", channelId, messageId];
  if (!ids.every((id) => /^(\d{1,20}|@me)$/.test(id))) return undefined;
  return `https://discord.com/channels/${ids.join("/")}`;
}
