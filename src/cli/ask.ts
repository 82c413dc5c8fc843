import "../env.js";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ask } from "../commands/ask.js";
import { loadConfig } from "../config.js";
import { renderText } from "../console/render.js";
import { terminalLang } from "../i18n.js";
import { loadLibrary } from "../library.js";
import { createLogger } from "../log.js";
import { DEFAULT_TOP } from "../search/knowledge-base.js";
import { parsePositiveInt, UsageError } from "./args.js";
import { toJsonAnswer } from "./format.js";
import { runCli } from "./run.js";

const USAGE = `Usage:
  npm run ask -- "pertanyaan"                       print the answer for a person
  npm run --silent ask -- --jsonl [--top K] [--corpus DIR] < questions.txt
                                                   one JSON answer per input line`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      jsonl: { type: "boolean", default: false },
      top: { type: "string" },
      corpus: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const top = parsePositiveInt("--top", values.top, DEFAULT_TOP);
  const question = positionals.join(" ").trim();
  if (!values.jsonl && !question)
    throw new UsageError("Give a question, or --jsonl to read questions from stdin.");

  // The same .env and the same checks as npm start, for the settings ask uses.
  const config = loadConfig(process.env, { entry: "local" });
  const log = createLogger(config.logLevel);
  const library = await loadLibrary(values.corpus ?? config.corpusDir);
  const { kb } = library;
  log.info({ event: "library_loaded", articles: library.articles.length, passages: kb.passageCount });

  if (!values.jsonl) {
    const { reply } = ask(library, question, { lang: terminalLang(process.env), ephemeral: false });
    process.stdout.write(renderText(reply, { color: Boolean(process.stdout.isTTY) }));
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  // One bad line must not lose the answers to the others: it gets an error line of its own.
  for await (const line of lines) {
    const question = line.trim();
    if (!question) continue;
    let output: string;
    try {
      output = JSON.stringify(toJsonAnswer(kb.ask(question, top)));
    } catch (error) {
      log.error({ event: "question_failed", question, err: error });
      output = JSON.stringify({ question, error: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    }
    process.stdout.write(`${output}\n`);
  }
}

runCli(main, USAGE);
