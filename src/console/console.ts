import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { pageReply } from "../commands/ask.js";
import { decodePageButton } from "../commands/buttons.js";
import { type Command, runCommand } from "../commands/index.js";
import type { Reply } from "../commands/reply.js";
import { type Lang, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { printable, renderText } from "./render.js";

const ALIASES: Readonly<Record<string, Command["name"]>> = {
  ask: "ask",
  tanya: "ask",
  promises: "promises",
  janji: "promises",
  about: "about",
  tentang: "about",
  help: "help",
  bantuan: "help",
};

const PAGING: Readonly<Record<string, "next" | "prev">> = {
  next: "next",
  lanjut: "next",
  prev: "prev",
  previous: "prev",
  kembali: "prev",
};

/** Discord's option names, in both languages, as the console accepts them (`/promises number:3`). */
const OPTIONS: Readonly<Record<string, "question" | "number" | "article" | "private">> = {
  question: "question",
  pertanyaan: "question",
  number: "number",
  nomor: "number",
  article: "article",
  artikel: "article",
  private: "private",
  pribadi: "private",
};

const OPTION = new RegExp(`(?:^|\\s)(${Object.keys(OPTIONS).join("|")}):\\s*`, "gi");

export type ConsoleLine = Command | "quit" | { page: "next" | "prev" } | { unknown: string };

/** Splits `3 article: kopi-gayo` into positional words and `name: value` options. */
function readOptions(argument: string): { positional: string[]; named: Map<string, string> } {
  const named = new Map<string, string>();
  const marks = [...argument.matchAll(OPTION)];
  const head = argument.slice(0, marks[0]?.index ?? argument.length).trim();
  marks.forEach((mark, i) => {
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? argument.length;
    const name = OPTIONS[(mark[1] as string).toLowerCase()];
    if (name) named.set(name, argument.slice(start, end).trim());
  });
  return { positional: head ? head.split(/\s+/) : [], named };
}

/** Reads one console line as a command; a line that is not a command is a question. */
export function parseConsoleLine(line: string): ConsoleLine {
  const text = line.trim();
  if (!text.startsWith("/")) return { name: "ask", question: text };
  const [word = "", ...rest] = text.slice(1).split(/\s+/);
  const argument = rest.join(" ");
  const alias = word.toLowerCase();
  if (alias === "quit" || alias === "exit" || alias === "keluar") return "quit";
  if (Object.hasOwn(PAGING, alias)) return { page: PAGING[alias] as "next" | "prev" };
  const name = Object.hasOwn(ALIASES, alias) ? ALIASES[alias] : undefined;
  const { positional, named } = readOptions(argument);
  switch (name) {
    case "ask":
      // `private:` has no meaning in a console only its user reads.
      return { name, question: named.get("question") ?? positional.join(" ") };
    case "promises": {
      // `/promises kopi-gayo 2`, `/promises 2 kopi-gayo` and `/promises nomor:2 artikel:kopi-gayo` alike.
      const numberText = named.get("number") ?? positional.find((w) => /^\d+$/.test(w));
      const words = positional.filter((w) => w !== numberText);
      const article = named.get("article") ?? (words.length > 0 ? words.join(" ") : undefined);
      return { name, number: numberText === undefined ? undefined : Number(numberText), article };
    }
    case "about":
    case "help":
      return { name };
    default:
      return { unknown: word };
  }
}

export interface ConsoleOptions {
  library: Library;
  lang: Lang;
  input: Readable;
  output: Writable;
  /** Where the banner goes when piped, so that stdout holds only answers. */
  errors: Writable;
  log: Logger;
  /** Interactive terminals get a prompt, echo and bold highlights; piped input gets plain text. */
  interactive: boolean;
}

/** The console's own syntax where Discord's would mislead: its help, and how to page. */
function forConsole(reply: Reply, command: Command, lang: Lang): Reply {
  const t = messages(lang);
  const text = command.name === "help" ? t.consoleHelpText : reply.text;
  const canPage = (reply.buttons ?? []).some((b) => !b.disabled);
  const footer = reply.footer && canPage ? `${reply.footer} · ${t.consolePaging}` : reply.footer;
  return { ...reply, ...(text !== undefined ? { text } : {}), ...(footer !== undefined ? { footer } : {}) };
}

/** The local console: the same commands and Replies as on Discord, rendered as text. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { library, lang, output, log, interactive } = options;
  const t = messages(lang);
  // With the output given, readline echoes what is typed (and handles backspace) in a terminal.
  const lines = createInterface({
    input: options.input,
    ...(interactive ? { output } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: interactive,
  });
  lines.setPrompt("> ");
  const prompt = (): void => {
    if (interactive) lines.prompt();
  };
  (interactive ? output : options.errors).write(`${t.consoleBanner}\n`);
  prompt();
  let count = 0;
  /** The last answer shown, whose buttons /next and /prev press. */
  let last: Reply | undefined;
  for await (const line of lines) {
    if (!line.trim()) {
      prompt();
      continue;
    }
    const command = parseConsoleLine(line);
    if (command === "quit") break;
    if ("unknown" in command) {
      output.write(`${printable(t.unknownCommand(command.unknown))}\n`);
    } else if ("page" in command) {
      const button = last?.buttons?.[command.page === "next" ? 1 : 0];
      const decoded = button && !button.disabled ? decodePageButton(library, button.id) : undefined;
      if (decoded?.kind === "page") {
        last = forConsole(
          pageReply(library, decoded.request, { lang, ephemeral: false }),
          { name: "ask", question: "" },
          lang,
        );
        output.write(`${renderText(last, { color: interactive })}\n`);
      } else {
        output.write(`${t.consoleNothingToPage}\n`);
      }
    } else {
      count += 1;
      const started = performance.now();
      const outcome = runCommand(library, command, { lang, ephemeral: false });
      log.info({
        event: "console_command",
        id: `console-${count}`,
        command: command.name,
        answered: outcome.answered,
        tier: outcome.tier,
        confidence: outcome.confidence,
        passageId: outcome.passageId,
        latencyMs: Number((performance.now() - started).toFixed(2)),
      });
      const reply = forConsole(outcome.reply, command, lang);
      // /next and /prev page the last reply only: after one with nothing to page, they say so.
      last = reply.buttons && reply.buttons.length > 0 ? reply : undefined;
      output.write(`${renderText(reply, { color: interactive })}\n`);
    }
    prompt();
  }
  lines.close();
}
