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
 * Outside text (corpus, question, names) made safe for a terminal by removing what a terminal acts on:
 * it cannot set the title, clear the screen, move the cursor or flip lines. Newlines stay and nothing
 * is cut; the renderer's own bold is added after this. (Error lines use `printable` in src/printable.ts,
 * which shows controls as escapes and cuts long values instead.)
 */
export function stripTerminalControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}

/** Highlights index the raw text: each piece is stripped on its own, then bold is put around it. */
function quoteText(quote: Quote, color: boolean): string {
  if (!color || quote.highlights.length === 0) return stripTerminalControls(quote.text);
  let out = "";
  let at = 0;
  for (const [start, end] of quote.highlights) {
    out += `${stripTerminalControls(quote.text.slice(at, start))}${BOLD}${stripTerminalControls(quote.text.slice(start, end))}${RESET}`;
    at = end;
  }
  return out + stripTerminalControls(quote.text.slice(at));
}

/** A Reply as plain text for a terminal: the same content Discord shows, without embeds or buttons. */
export function renderText(reply: Reply, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const lines: string[] = [`== ${stripTerminalControls(reply.title)} ==`];
  if (reply.question !== undefined)
    lines.push(`? ${stripTerminalControls(reply.question).replace(/\n/g, " ")}`);
  if (reply.text) lines.push(stripTerminalControls(reply.text));
  if (reply.quote) {
    // A paragraph that opens with its own quotation mark (a statement) is not wrapped in ours too.
    const [open, close] = /^\s*["“”'‘]/.test(reply.quote.text) ? ["", ""] : ["“", "”"];
    lines.push("", `${open}${quoteText(reply.quote, color)}${close}`);
  }
  if (reply.citation) lines.push(`— ${stripTerminalControls(citationText(reply.citation, reply.lang))}`);
  if (reply.titleUrl) lines.push(`  ${stripTerminalControls(reply.titleUrl)}`);
  if (reply.items && reply.items.length > 0) {
    lines.push("");
    if (reply.itemsTitle) lines.push(`${stripTerminalControls(reply.itemsTitle)}:`);
    for (const item of reply.items) {
      lines.push(`  • ${stripTerminalControls(item.heading)}`);
      for (const line of stripTerminalControls(item.text).split("\n")) lines.push(`    ${line}`);
      if (item.citation)
        lines.push(`    (${stripTerminalControls(citationText(item.citation, reply.lang))})`);
    }
  }
  if (reply.footer) lines.push("", `[${stripTerminalControls(reply.footer)}]`);
  return `${lines.join("\n")}\n`;
}
