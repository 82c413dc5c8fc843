import type { Lang } from "../i18n.js";
import type { Library } from "../library.js";
import type { AskOutcome } from "./ask.js";
import type { ReplyContext } from "./reply.js";

/** An option's value as any transport hands it over. */
export type OptionValue = string | number | boolean;

/** Reads a command's options by their English name; a value of the wrong type reads as absent. */
export interface OptionReader {
  string(name: string): string | undefined;
  integer(name: string): number | undefined;
  boolean(name: string): boolean | undefined;
}

export interface OptionSpec {
  /** The English name, which interactions carry whatever the user's language. */
  name: string;
  names: Readonly<Record<Lang, string>>;
  descriptions: Readonly<Record<Lang, string>>;
  type: "string" | "integer" | "boolean";
  required?: boolean;
  maxLength?: number;
  minValue?: number;
  autocomplete?: boolean;
}

/**
 * Everything about one command in one place: its names and options in both languages, its help,
 * how to read it from plain option values, and what it does. Discord's definitions, Discord's and
 * the console's parsing, and /help are all made from these.
 */
export interface CommandSpec<C extends { name: string }> {
  name: C["name"];
  names: Readonly<Record<Lang, string>>;
  descriptions: Readonly<Record<Lang, string>>;
  options: readonly OptionSpec[];
  /**
   * One line of /help each, in Discord's syntax and in the console's. Every example in backquotes must
   * work as typed; `{slug}` stands for a real article's slug (see help.ts).
   */
  help: Readonly<Record<Lang, { discord: string; console: string }>>;
  read(options: OptionReader): C;
  /** The console's plain form (`/promises kopi-gayo 2`): its words as option values. */
  positional?(words: readonly string[]): Readonly<Record<string, OptionValue>>;
  run(library: Library, command: C, context: ReplyContext): AskOutcome;
}

/** Every command may be made private; the option is not the commands' concern, so it is shared. */
export const PRIVATE_OPTION: OptionSpec = {
  name: "private",
  names: { en: "private", id: "pribadi" },
  descriptions: { en: "Only you see the reply", id: "Hanya Anda yang melihat jawabannya" },
  type: "boolean",
};

/** A reply with nothing for the interaction's log line to record. */
export function shown(reply: AskOutcome["reply"]): AskOutcome {
  return { reply, answered: false, passageId: null };
}
