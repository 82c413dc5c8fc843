import type { Library } from "../library.js";
import { aboutCommand } from "./about.js";
import { type AskOutcome, askCommand } from "./ask.js";
import { helpCommandOf } from "./help.js";
import { promisesCommand } from "./promises.js";
import type { ReplyContext } from "./reply.js";
import type { CommandSpec } from "./spec.js";

const helpCommand = helpCommandOf(() => COMMANDS);

/** Every command, in the order /help lists them. Adding one: a new spec file, and one line here. */
export const COMMANDS = [askCommand, promisesCommand, aboutCommand, helpCommand] as const;

/** A command as either transport hands it over, already parsed. */
export type Command = ReturnType<(typeof COMMANDS)[number]["read"]>;
export type CommandName = Command["name"];

/** The spec of a command by its English name (what interactions carry), if there is one. */
export function commandSpec(name: string): (typeof COMMANDS)[number] | undefined {
  return COMMANDS.find((spec) => spec.name === name);
}

/** Runs a command; every command's outcome carries what the interaction log line needs. */
export function runCommand(library: Library, command: Command, context: ReplyContext): AskOutcome {
  const spec = COMMANDS.find((s) => s.name === command.name) as CommandSpec<Command> | undefined;
  // Specs and commands are made from the same list, so the name always finds its spec.
  if (!spec) throw new Error(`no spec for the command "${command.name}"`);
  return spec.run(library, command, context);
}
