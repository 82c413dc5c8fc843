import "../env.js";
import { constants } from "node:fs";
import { mkdir, realpath, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { exportNotHelpful, readFeedback, type Tally, tally } from "../feedback/tally.js";
import { NotARegularFileError, openRegularFile } from "../fs/regular-file.js";
import { errorCode } from "../guards.js";
import { escapeControls, printable } from "../printable.js";
import { UsageError } from "./args.js";
import { runCli } from "./run.js";

const USAGE = `Usage: npm run feedback [-- --export FILE] [--file F]
  (no option)    the "Helpful" / "Not helpful" votes per passage and per question, most "Not helpful" first
  --export FILE  write the questions voted "Not helpful" to FILE as a golden set (tests/golden format),
                 each with expected: null for a person to set before it is used as a test set
  --file F       read F instead of FEEDBACK_FILE (default: data/feedback.jsonl)`;

/** A Markdown table cell: one line, no column breaks. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function report(file: string, result: Tally, malformed: number): string {
  const summary =
    `${printable(file)}: ${plural(result.votes, "vote")} on ${plural(result.answers, "answer")} ` +
    `(${plural(result.records, "click")}: a user's last click on an answer is their vote), ` +
    `${plural(malformed, "malformed line")}.`;
  const lines = [summary];
  if (malformed > 0) lines.push("Malformed lines (a damaged or hand-edited file) are skipped.");
  if (result.votes === 0) return `${lines.join("\n")}\n`;
  lines.push(
    "",
    'Per passage, most "Not helpful" first ((none): the bot said the article does not answer):',
    "",
    table(
      ["passage", "not helpful", "helpful"],
      result.passages.map((p) => [p.passage, String(p.down), String(p.up)]),
    ),
    "",
    'Per question, most "Not helpful" first (passage and tier of the latest vote):',
    "",
    table(
      ["question", "not helpful", "helpful", "passage", "tier"],
      result.questions.map((q) => [
        q.question,
        String(q.down),
        String(q.up),
        q.passageId ?? "(none)",
        q.tier,
      ]),
    ),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * The feedback file's text. A link is followed (reading through one harms nothing), but only a regular
 * file is read: a FIFO or a device there would otherwise hold the read forever.
 */
async function readFeedbackFile(file: string): Promise<string> {
  const handle = await openRegularFile(await realpath(file), constants.O_RDONLY);
  try {
    return await handle.readFile({ encoding: "utf8" });
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      export: { type: "string" },
      file: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.export === "") throw new UsageError("--export needs a file name.");
  if (values.file === "") throw new UsageError("--file needs a file name.");

  const config = loadConfig(process.env, { entry: "local" });
  const file = values.file === undefined ? config.feedbackFile : resolve(values.file);
  // The path as error lines may show it: a crafted name must not drive the terminal.
  const shown = printable(file);
  let text: string;
  try {
    text = await readFeedbackFile(file);
  } catch (error) {
    if (error instanceof NotARegularFileError) {
      process.stderr.write(
        `Cannot read the feedback file ${shown}: it is a ${error.kind}, not a regular file.\n`,
      );
      process.exitCode = 1;
      return;
    }
    if (errorCode(error) === "ENOENT") {
      const named = values.file === undefined ? `FEEDBACK_FILE (${shown})` : shown;
      process.stdout.write(`No feedback yet: ${named} does not exist; it is created on the first vote.\n`);
      return;
    }
    process.stderr.write(
      `Cannot read the feedback file ${shown}: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const { records, malformed } = readFeedback(text);

  if (values.export === undefined) {
    process.stdout.write(report(file, tally(records), malformed));
    return;
  }
  const target = resolve(values.export);
  const exported = exportNotHelpful(records);
  try {
    await mkdir(dirname(target), { recursive: true });
    // Never over an earlier export: a person may already have filled in its expected passages.
    await writeFile(target, `${JSON.stringify(exported, null, 1)}\n`, { flag: "wx" });
  } catch (error) {
    if (errorCode(error) === "EEXIST")
      throw new UsageError(
        `${printable(target)} already exists (an earlier export?): give another file name.`,
      );
    process.stderr.write(
      `Cannot write ${printable(target)}: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `Wrote ${plural(exported.questions.length, "question")} voted "Not helpful" to ${printable(target)}` +
      ` (${plural(malformed, "malformed line")} skipped). Set each expected before using it as a test set.\n`,
  );
}

runCli(main, USAGE);
