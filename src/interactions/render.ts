import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedAuthor,
  type APIEmbedField,
  type APIInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from "discord-api-types/v10";
import { citationDetails, citationText } from "../commands/citation.js";
import type { Citation, Quote, Reply } from "../commands/reply.js";
import { type Messages, messages } from "../i18n.js";
import { cutAt, truncateAtSentence, truncateAtWord } from "../text.js";
import { linkableUrl } from "../url.js";
import { DISCORD_LIMITS as LIMITS } from "./limits.js";

const COLORS: Readonly<Record<Reply["tone"], number>> = {
  answer: 0x2e7d32,
  maybe: 0xef6c00,
  "not-found": 0xf9a825,
  info: 0x1565c0,
  error: 0xc62828,
};

/** No mention in a reply ever pings: every payload says so (Discord's `allowed_mentions`). */
export const NO_MENTIONS = { parse: [] as [] };

/** Text that would move lines around or hide characters: controls and bidi overrides. */
const CONTROLS = /\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu;

/** Emphasis, code, spoilers, strikethrough, the escape character itself, and masked-link brackets. */
const INLINE_MARKDOWN = /[\\*_~`|[\]]/g;

/** Autolinked URLs: Discord reads them before emphasis, and an escape inside one would become part of it. */
const AUTOLINK = /https?:\/\/[^\s<]+/g;

/** Line starts Discord reads as a heading, a list item, a block quote or subtext. */
const LINE_MARKDOWN = /^([ \t]*)(#{1,3}[ \t]|[-+][ \t]|\d+\.[ \t]|>|-#)/gm;

/** Backslash-escapes inline Markdown outside URLs; brackets inside URLs too (a masked link may hide in one). */
function escapeInline(text: string): string {
  let out = "";
  let at = 0;
  for (const url of text.matchAll(AUTOLINK)) {
    out += text.slice(at, url.index).replace(INLINE_MARKDOWN, "\\$&");
    out += url[0].replace(/[[\]]/g, "\\$&");
    at = url.index + url[0].length;
  }
  return out + text.slice(at).replace(INLINE_MARKDOWN, "\\$&");
}

/**
 * Mentions and every other `<...>` Discord renders (channels, roles, commands, emoji, `<t:...>` timestamps,
 * `<id:...>` links) broken with a zero-width space: allowed_mentions already stops the ping, this the
 * highlight and the rendering.
 */
function breakMentions(text: string): string {
  return text.replace(/@/g, "@\u200b").replace(/</g, "<\u200b");
}

/**
 * Makes untrusted text inert in Discord: Markdown escaped (emphasis, code, spoilers, every masked-link
 * bracket, and headings, lists, quotes and subtext at line starts), mentions broken with a zero-width space
 * (allowed_mentions already stops the ping; this also stops the highlight), controls removed. Every pattern
 * is linear in the text: @discordjs/formatters' escapeMarkdown has look-behinds that cost most of a burst's
 * formatting time on paragraph-long quotes (npm run bench, burst profile).
 */
export function escapeUserText(text: string): string {
  const escaped = escapeInline(text.replace(CONTROLS, " ")).replace(
    LINE_MARKDOWN,
    (_, indent: string, marker: string) =>
      // A backslash before a digit is shown as is: a numbered item is broken at its dot instead.
      /^\d/.test(marker) ? `${indent}${marker.replace(".", "\\.")}` : `${indent}\\${marker}`,
  );
  return breakMentions(escaped);
}

/** Our prose, with the outside names it quotes escaped (split and join: a name is never a replace pattern). */
function proseMarkdown(text: string, names: readonly string[]): string {
  return names.reduce((prose, name) => (name ? prose.split(name).join(escapeUserText(name)) : prose), text);
}

/**
 * Cuts raw text at a sentence so that, once formatted (escaping adds characters), it fits in `max`.
 * Cutting before formatting never splits an escape sequence or a bold marker.
 */
function fitFormatted(raw: string, max: number, format: (text: string) => string): string {
  let budget = max;
  for (;;) {
    const formatted = format(truncateAtSentence(raw, budget));
    if (formatted.length <= max || budget <= 1) return cutAt(formatted, max);
    budget -= Math.max(1, formatted.length - max);
  }
}

/** The quote, escaped, with matched words in bold, as a Markdown block quote. */
function quoteMarkdown(quote: Quote, text: string): string {
  let out = "";
  let at = 0;
  for (const [start, end] of quote.highlights) {
    if (end > text.length) break;
    out += `${escapeUserText(text.slice(at, start))}**${escapeUserText(text.slice(start, end))}**`;
    at = end;
  }
  out += escapeUserText(text.slice(at));
  return `> ${out}`;
}

/** A field whose name may come from the corpus (a heading) or be ours: either way it is escaped. */
function field(name: string, value: string): APIEmbedField {
  return { name: fitFormatted(name, LIMITS.embedFieldName, escapeUserText), value: value || "\u200b" };
}

/** The citation, its title linked to the article when the article's URL is safe to link. */
function citationMarkdown(citation: Citation, lang: Reply["lang"]): string {
  const title = escapeUserText(citation.articleTitle);
  const url = linkableUrl(citation.url);
  const details = citationDetails(citation, lang).map(escapeUserText);
  return [url ? `[${title}](${url})` : title, ...details].join(", ");
}

/**
 * Whose message an answer answers, as the embed's author line (plain text, never Markdown or a mention),
 * linked to the message. Pages turned later keep it: the core copies it from the message it replaces.
 */
function inReplyToAuthor(inReplyTo: NonNullable<Reply["inReplyTo"]>, t: Messages): APIEmbedAuthor {
  const url = linkableUrl(inReplyTo.url);
  // Never Markdown there, but mentions are broken all the same, as everywhere else.
  const author = breakMentions(inReplyTo.author.replace(CONTROLS, " "));
  const name = truncateAtWord(t.answeringMessage(author), LIMITS.embedAuthorName);
  return { name, ...(url ? { url } : {}) };
}

function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

export function renderEmbed(reply: Reply): APIEmbed {
  const description: string[] = [];
  const t = messages(reply.lang);
  if (reply.text) description.push(proseMarkdown(reply.text, reply.textNames ?? []));
  const { quote } = reply;
  if (quote) {
    const room = LIMITS.embedDescription - description.join("\n\n").length - 2;
    description.push(fitFormatted(quote.text, room, (text) => quoteMarkdown(quote, text)));
  }
  const fields: APIEmbedField[] = [];
  if (reply.citation) {
    const value = citationMarkdown(reply.citation, reply.lang);
    fields.push(
      field(
        messages(reply.lang).source,
        fitFormatted(value, LIMITS.embedFieldValue, (v) => v),
      ),
    );
  }
  if (reply.question !== undefined) {
    const question = fitFormatted(reply.question, LIMITS.embedFieldValue, escapeUserText);
    fields.push(field(t.question, question));
  }
  for (const item of reply.items ?? []) {
    const cited = item.citation ? `\n*${escapeUserText(citationText(item.citation, reply.lang))}*` : "";
    const room = LIMITS.embedFieldValue - cited.length;
    fields.push(field(item.heading, `${fitFormatted(item.text, room, escapeUserText)}${cited}`));
  }
  const titleUrl = linkableUrl(reply.titleUrl);
  const embed: APIEmbed = {
    // Titles quote article titles and what the user typed (`/promises article:`).
    title: fitFormatted(reply.title, LIMITS.embedTitle, escapeUserText),
    color: COLORS[reply.tone],
    ...(titleUrl ? { url: titleUrl } : {}),
    ...(reply.inReplyTo ? { author: inReplyToAuthor(reply.inReplyTo, t) } : {}),
    ...(description.length > 0 ? { description: description.join("\n\n") } : {}),
    ...(reply.footer ? { footer: { text: truncateAtWord(reply.footer, LIMITS.embedFooter) } } : {}),
    fields: fields.slice(0, LIMITS.embedFields),
  };
  return fitTotal(embed);
}

/** Whole paragraphs of a long section can pass the 6,000-character total: drop fields from the end. */
function fitTotal(embed: APIEmbed): APIEmbed {
  while (embedSize(embed) > LIMITS.embedTotal && embed.fields && embed.fields.length > 0) embed.fields.pop();
  return embed;
}

/** The embed with another author line (a page keeping its message's), still within the total. */
export function withAuthor(embed: APIEmbed, author: APIEmbedAuthor): APIEmbed {
  return fitTotal({ ...embed, author, ...(embed.fields ? { fields: [...embed.fields] } : {}) });
}

export function renderButtons(reply: Reply): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const buttons = (reply.buttons ?? []).slice(0, LIMITS.buttonsPerRow).map(
    (button): APIButtonComponentWithCustomId => ({
      type: ComponentType.Button,
      custom_id: button.id,
      label: truncateAtWord(button.label, LIMITS.buttonLabel),
      style: ButtonStyle.Secondary,
      disabled: button.disabled ?? false,
    }),
  );
  return buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

/** A message that only its recipient sees. */
type Ephemeral = { flags: MessageFlags.Ephemeral };

/** What renderReply makes: Discord's message data, narrowed to what a Reply can hold. */
export type ReplyMessage = APIInteractionResponseCallbackData &
  Partial<Ephemeral> & {
    embeds: APIEmbed[];
    components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  };

/** A Reply as Discord's message data: one embed, its buttons, no mentions, ephemeral when asked. */
export function renderReply(reply: Reply): ReplyMessage {
  return {
    embeds: [renderEmbed(reply)],
    components: renderButtons(reply),
    allowed_mentions: NO_MENTIONS,
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** A short notice (cooldown, stale button, error) for the person who caused it. */
export function renderNotice(text: string): APIInteractionResponseCallbackData & Ephemeral {
  return {
    content: truncateAtWord(text, LIMITS.messageContent),
    allowed_mentions: NO_MENTIONS,
    flags: MessageFlags.Ephemeral,
  };
}
