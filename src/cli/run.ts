import { ConfigError } from "../config.js";
import { CorpusError } from "../corpus/parse.js";
import { DiscordUnreachableError } from "../discord/unreachable.js";
import { EvalFileError } from "../eval/dataset.js";
import { ConfidenceModelError } from "../search/confidence.js";
import { UsageError } from "./args.js";

/** node:util parseArgs's complaints about the command line (an unknown option, a missing value). */
function isArgumentError(error: unknown): error is Error {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/** Runs a CLI entry point; expected failures print one clear line and exit 1, without a stack trace. */
export function runCli(main: () => Promise<void>, usage?: string): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError || isArgumentError(error)) {
      process.stderr.write(usage ? `${error.message}\n\n${usage}\n` : `${error.message}\n`);
    } else if (error instanceof CorpusError) {
      process.stderr.write(`Corpus error: ${error.message}\n`);
    } else if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof DiscordUnreachableError) {
      process.stderr.write(`${error.message}\n`);
      // A request still in flight would be retried (and might connect after this message): stop here.
      process.exit(1);
    } else if (error instanceof ConfidenceModelError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof EvalFileError) {
      process.stderr.write(`Dataset error: ${error.message}\n`);
    } else {
      process.stderr.write(
        `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  });
}
