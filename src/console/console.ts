import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { pageReply } from "../commands/ask.js";
import { decodePageButton } from "../commands/buttons.js";
import { help } from "../commands/help.js";
import { COMMANDS, type Command, runCommand } from "../commands/index.js";
import { findArticle } from "../commands/promises.js";
import { decodeRatingButton, type FeedbackSink, type Vote } from "../commands/rating.js";
import type { Reply, ReplyButton } from "../commands/reply.js";
import { type CommandSpec, type OptionReader, type OptionValue, shown } from "../commands/spec.js";
import { type Lang, type Messages, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { renderText, stripTerminalControls } from "./render.js";
import { terminalWidth, wrapText } from "./wrap.js";

const PAGING: Readonly<Record<string, "next" | "prev">> = {
  next: "next",
  lanjut: "next",
  prev: "prev",
  previous: "prev",
  kembali: "prev",
};

export type ConsoleLine =
  | Command
  | "quit"
  | { page: "next" | "prev" }
  | { rate: Vote | undefined }
  | { unknown: string };

const RATING: Readonly<Record<string, Vote>> = { up: "up", down: "down", ya: "up", tidak: "down" };

/** The command a console word names, in either language (`/promises`, `/janji`). */
function specNamed(word: string): (typeof COMMANDS)[number] | undefined {
  return COMMANDS.find((spec) => Object.values(spec.names).includes(word));
}

/**
 * Splits `3 article: kopi-gayo` into positional words and the spec's `name: value` options (either
 * language); a named option wins over the same option given plainly.
 */
function readOptions(spec: CommandSpec<Command>, argument: string): Map<string, OptionValue> {
  const byName = new Map(spec.options.flatMap((o) => Object.values(o.names).map((n) => [n, o] as const)));
  const pattern = new RegExp(`(?:^|\\s)(${[...byName.keys()].join("|")}):\\s*`, "gi");
  const marks = [...argument.matchAll(pattern)];
  const head = argument.slice(0, marks[0]?.index ?? argument.length).trim();
  const plain = head ? head.split(/\s+/) : [];
  const takesNumber = spec.options.some((o) => o.type === "integer");
  const named = new Map<string, OptionValue>();
  marks.forEach((mark, i) => {
    const option = byName.get((mark[1] as string).toLowerCase());
    const start = (mark.index ?? 0) + mark[0].length;
    let raw = argument.slice(start, marks[i + 1]?.index ?? argument.length).trim();
    if (!option) return;
    // `/promises article:jack-ma-5-janji 3` (as /help shows it): a number after a text is a plain word.
    const trailing = option.type === "string" && takesNumber ? /^(.*\S)\s+(\d+)$/.exec(raw) : null;
    if (trailing) {
      raw = trailing[1] as string;
      plain.push(trailing[2] as string);
    }
    if (option.type === "integer" && /^\d+$/.test(raw)) named.set(option.name, Number(raw));
    else if (option.type === "boolean") named.set(option.name, /^(true|ya|yes)$/i.test(raw));
    else if (option.type === "string") named.set(option.name, raw);
  });
  return new Map([...Object.entries(spec.positional?.(plain) ?? {}), ...named]);
}

/** Plain values read as a transport reads Discord's options: by English name, of the right type. */
function readerOf(values: ReadonlyMap<string, OptionValue>): OptionReader {
  const typed = <T extends OptionValue>(name: string, type: string): T | undefined => {
    const value = values.get(name);
    return typeof value === type ? (value as T) : undefined;
  };
  return {
    string: (name) => typed<string>(name, "string"),
    integer: (name) => typed<number>(name, "number"),
    boolean: (name) => typed<boolean>(name, "boolean"),
  };
}

/** Reads one console line as a command; a line that is not a command is a question. */
export function parseConsoleLine(line: string): ConsoleLine {
  const text = line.trim();
  if (!text.startsWith("/")) return { name: "ask", question: text };
  const [word = "", ...rest] = text.slice(1).split(/\s+/);
  const alias = word.toLowerCase();
  if (alias === "quit" || alias === "exit" || alias === "keluar") return "quit";
  if (Object.hasOwn(PAGING, alias)) return { page: PAGING[alias] as "next" | "prev" };
  if (alias === "rate" || alias === "nilai") {
    const vote = (rest[0] ?? "").toLowerCase();
    return { rate: Object.hasOwn(RATING, vote) ? RATING[vote] : undefined };
  }
  const spec = specNamed(alias) as CommandSpec<Command> | undefined;
  if (!spec) return { unknown: word };
  // `private:` has no meaning in a console only its user reads; the spec reads what it needs.
  return spec.read(readerOf(readOptions(spec, rest.join(" "))));
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
  /** Where `/rate up|down` votes go, as Discord's buttons' do. */
  feedback?: FeedbackSink;
}

/** A reply's previous and next buttons (not its rating buttons). */
function pageButtons(reply: Reply | undefined): ReplyButton[] {
  return (reply?.buttons ?? []).filter((b) => !b.rating);
}

/** The console's own syntax where Discord's would mislead: how to page, and typing instead of clicking. */
function forConsole(reply: Reply, lang: Lang): Reply {
  const t = messages(lang);
  const canPage = pageButtons(reply).some((b) => !b.disabled);
  // An unsure answer's text says its other matches are a click away: here they are a /next away.
  const { maybeText, consoleMaybeText } = messages(reply.lang);
  const text = reply.text === maybeText ? { text: consoleMaybeText } : {};
  const footer = reply.footer && canPage ? { footer: `${reply.footer} · ${t.consolePaging}` } : {};
  return { ...reply, ...text, ...footer };
}

/** Why /next or /prev cannot page the last reply: no answer yet, only one match, or already at that end. */
function cannotPage(last: Reply | undefined, direction: "next" | "prev", t: Messages): string {
  const buttons = pageButtons(last);
  if (buttons.length === 0) return last?.quote ? t.consoleOnlyMatch : t.consoleNothingToPage;
  return direction === "next" ? t.consoleNoLater : t.consoleNoEarlier;
}

/** An answer that can be rated (/rate), and its number in the console session. */
export interface Rateable {
  reply: Reply;
  number: number;
}

/**
 * Presses `rateable`'s "Helpful" or "Not helpful" button: the same vote Discord would record, as
 * `console:<session>:<number>`. Returns what to tell the user, in the console's words (typing /rate
 * again, not clicking).
 */
export async function rateInConsole(
  context: { library: Library; log: Logger; feedback?: FeedbackSink; lang: Lang; session: string },
  rateable: Rateable | undefined,
  vote: Vote | undefined,
): Promise<string> {
  const t = messages(context.lang);
  if (!vote) return t.consoleRateUsage;
  const button = rateable?.reply.buttons?.find(
    (b) => b.rating && b.label === (vote === "up" ? t.helpful : t.notHelpful),
  );
  const decoded = button && decodeRatingButton(context.library, button.id);
  if (!rateable || decoded?.kind !== "rating") return t.consoleNothingToRate;
  try {
    await context.feedback?.record({
      corpusVersion: decoded.corpusVersion,
      answer: `console:${context.session}:${rateable.number}`,
      question: rateable.reply.question ?? "",
      ...decoded.answer,
      vote,
      userId: "console",
    });
  } catch (error) {
    context.log.error({ event: "feedback_failed", id: `console-${rateable.number}`, err: error });
    return t.ratingFailed;
  }
  return t.consoleRatingThanks;
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
  /** Everything the console answers, wrapped to the terminal's width (read each time: it may resize). */
  const say = (text: string): void => {
    output.write(`${wrapText(text, terminalWidth(output))}\n`);
  };
  // A piped session's banner goes to stderr: wrapped when that is a terminal, else left as two whole lines.
  const bannerTo = interactive ? output : options.errors;
  bannerTo.write(`${wrapText(t.consoleBanner, terminalWidth(bannerTo, Number.POSITIVE_INFINITY))}\n`);
  prompt();
  let count = 0;
  /** The last answer shown, whose buttons /next and /prev press. */
  let last: Reply | undefined;
  /** Tells this session's answers from another's in the feedback file (numbers restart at 1). */
  const session = new Date().toISOString();
  /** The last answer that can be rated (/rate). */
  let rateable: Rateable | undefined;
  const voting = { library, log, lang, session, ...(options.feedback ? { feedback: options.feedback } : {}) };
  for await (const line of lines) {
    if (!line.trim()) {
      prompt();
      continue;
    }
    const command = parseConsoleLine(line);
    if (command === "quit") break;
    if ("unknown" in command) {
      say(stripTerminalControls(t.unknownCommand(command.unknown)));
    } else if ("rate" in command) {
      say(await rateInConsole(voting, rateable, command.rate));
    } else if ("page" in command) {
      const button = pageButtons(last)[command.page === "next" ? 1 : 0];
      const decoded = button && !button.disabled ? decodePageButton(library, button.id) : undefined;
      if (decoded?.kind === "page") {
        last = forConsole(pageReply(library, decoded.request, { lang, ephemeral: false }), lang);
        say(renderText(last, { color: interactive }));
      } else {
        say(cannotPage(last, command.page, t));
      }
    } else {
      count += 1;
      const started = performance.now();
      const context = { lang, ephemeral: false };
      // /help shows the console's syntax; every other command answers as on Discord.
      const outcome =
        command.name === "help"
          ? shown(help(context, COMMANDS, "console", findArticle(library, undefined)?.slug))
          : runCommand(library, command, context);
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
      const reply = forConsole(outcome.reply, lang);
      // /next and /prev page the last reply only: after one with nothing to page, they say so.
      last = reply.buttons && reply.buttons.length > 0 ? reply : undefined;
      if (reply.buttons?.some((b) => b.rating)) rateable = { reply, number: count };
      say(renderText(reply, { color: interactive }));
    }
    prompt();
  }
  lines.close();
}
