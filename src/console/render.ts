import { citationText } from "../commands/citation.js";
import type { Quote, Reply } from "../commands/reply.js";

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Strips control and bidi-override characters from outside text, so it cannot move the cursor or flip lines. */
function printable(text: string): string {
  return text.replace(/\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu, "");
}

function quoteText(quote: Quote, color: boolean): string {
  if (!color || quote.highlights.length === 0) return quote.text;
  let out = "";
  let at = 0;
  for (const [start, end] of quote.highlights) {
    out += `${quote.text.slice(at, start)}${BOLD}${quote.text.slice(start, end)}${RESET}`;
    at = end;
  }
  return out + quote.text.slice(at);
}

/** A Reply as plain text for a terminal: the same content Discord shows, without embeds or buttons. */
export function renderText(reply: Reply, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const lines: string[] = [`== ${reply.title} ==`];
  if (reply.question !== undefined) lines.push(`? ${printable(reply.question)}`);
  if (reply.text) lines.push(reply.text);
  if (reply.quote) lines.push("", `“${quoteText(reply.quote, color)}”`);
  if (reply.citation) lines.push(`— ${citationText(reply.citation, reply.lang)}`);
  if (reply.titleUrl) lines.push(`  ${reply.titleUrl}`);
  if (reply.items && reply.items.length > 0) {
    lines.push("");
    if (reply.itemsTitle) lines.push(`${reply.itemsTitle}:`);
    for (const item of reply.items) {
      lines.push(`  • ${item.heading}`);
      for (const line of item.text.split("\n")) lines.push(`    ${line}`);
      if (item.citation) lines.push(`    (${citationText(item.citation, reply.lang)})`);
    }
  }
  if (reply.footer) lines.push("", `[${reply.footer}]`);
  return `${lines.join("\n")}\n`;
}
