import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { type Command, runCommand } from "../commands/index.js";
import type { Lang } from "../i18n.js";
import type { Library } from "../library.js";
import type { Logger } from "../log.js";
import { renderText } from "./render.js";

export const CONSOLE_BANNER =
  "tanya-artikel is running locally (no DISCORD_TOKEN set). Type a question, or /ask, /promises [n], /about, /help; /quit to leave.\n" +
  "To connect to Discord, put DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see README), run npm run register, then npm start.";

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

/** Reads one console line as a command; a line that is not a command is a question. */
export function parseConsoleLine(line: string): Command | "quit" | { unknown: string } {
  const text = line.trim();
  if (!text.startsWith("/")) return { name: "ask", question: text };
  const [word = "", ...rest] = text.slice(1).split(/\s+/);
  const argument = rest.join(" ");
  if (word === "quit" || word === "exit" || word === "keluar") return "quit";
  const alias = word.toLowerCase();
  const name = Object.hasOwn(ALIASES, alias) ? ALIASES[alias] : undefined;
  switch (name) {
    case "ask":
      return { name, question: argument };
    case "promises": {
      const number = /^\d+$/.test(argument) ? Number(argument) : undefined;
      return { name, number, article: number === undefined && argument ? argument : undefined };
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
  log: Logger;
  /** Interactive terminals get a prompt and bold highlights; piped input gets plain text. */
  interactive: boolean;
}

/** The local console: the same commands and Replies as on Discord, rendered as text. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { library, lang, output, log, interactive } = options;
  const lines = createInterface({
    input: options.input,
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: interactive,
  });
  const prompt = (): void => {
    if (interactive) output.write("> ");
  };
  output.write(`${CONSOLE_BANNER}\n`);
  prompt();
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) {
      prompt();
      continue;
    }
    const command = parseConsoleLine(line);
    if (command === "quit") break;
    if ("unknown" in command) {
      output.write(`Unknown command /${command.unknown}. Try /help.\n`);
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
      output.write(`${renderText(outcome.reply, { color: interactive })}\n`);
    }
    prompt();
  }
  lines.close();
}
