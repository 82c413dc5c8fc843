import { citationText } from "../commands/citation.js";
import type { Quote, Reply } from "../commands/reply.js";

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/**
 * Terminal escape sequences, matched whole so that no payload (a window title) is left printed: CSI
 * (`ESC [` or 8-bit CSI), OSC, DCS and the like up to their terminator, and any other `ESC x`.
 */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal controls is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-~]?/g;

/** Whatever is left that a terminal acts on: C0 controls but newline, DEL, C1 controls, bidi overrides. */
const CONTROL = /(?!\n)\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Outside text (corpus, question, names) made safe for a terminal: it cannot set the title, clear the
 * screen, move the cursor or flip lines. Newlines stay; the renderer's own bold is added after this.
 */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}

/** Highlights index the raw text: each piece is made printable on its own, then bold is put around it. */
function quoteText(quote: Quote, color: boolean): string {
  if (!color || quote.highlights.length === 0) return printable(quote.text);
  let out = "";
  let at = 0;
  for (const [start, end] of quote.highlights) {
    out += `${printable(quote.text.slice(at, start))}${BOLD}${printable(quote.text.slice(start, end))}${RESET}`;
    at = end;
  }
  return out + printable(quote.text.slice(at));
}

/** A Reply as plain text for a terminal: the same content Discord shows, without embeds or buttons. */
export function renderText(reply: Reply, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const lines: string[] = [`== ${printable(reply.title)} ==`];
  if (reply.question !== undefined) lines.push(`? ${printable(reply.question).replace(/\n/g, " ")}`);
  if (reply.text) lines.push(printable(reply.text));
  if (reply.quote) {
    // A paragraph that opens with its own quotation mark (a statement) is not wrapped in ours too.
    const [open, close] = /^\s*["“”'‘]/.test(reply.quote.text) ? ["", ""] : ["“", "”"];
    lines.push("", `${open}${quoteText(reply.quote, color)}${close}`);
  }
  if (reply.citation) lines.push(`— ${printable(citationText(reply.citation, reply.lang))}`);
  if (reply.titleUrl) lines.push(`  ${printable(reply.titleUrl)}`);
  if (reply.items && reply.items.length > 0) {
    lines.push("");
    if (reply.itemsTitle) lines.push(`${printable(reply.itemsTitle)}:`);
    for (const item of reply.items) {
      lines.push(`  • ${printable(item.heading)}`);
      for (const line of printable(item.text).split("\n")) lines.push(`    ${line}`);
      if (item.citation) lines.push(`    (${printable(citationText(item.citation, reply.lang))})`);
    }
  }
  if (reply.footer) lines.push("", `[${printable(reply.footer)}]`);
  return `${lines.join("\n")}\n`;
}
