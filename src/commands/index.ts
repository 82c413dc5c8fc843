import type { Library } from "../library.js";
import { about } from "./about.js";
import { type AskOutcome, ask, type ReplyContext } from "./ask.js";
import { help } from "./help.js";
import { promises } from "./promises.js";

/** A command as either transport hands it over, already parsed. */
export type Command =
  | { name: "ask"; question: string }
  | { name: "promises"; number?: number | undefined; article?: string | undefined }
  | { name: "about" }
  | { name: "help" };

export type CommandName = Command["name"];

/** Runs a command; every command's outcome carries what the interaction log line needs. */
export function runCommand(library: Library, command: Command, context: ReplyContext): AskOutcome {
  switch (command.name) {
    case "ask":
      return ask(library, command.question, context);
    case "promises":
      return plain(promises(library, command, context));
    case "about":
      return plain(about(library, context));
    case "help":
      return plain(help(context));
  }
}

function plain(reply: AskOutcome["reply"]): AskOutcome {
  return { reply, answered: false, passageId: null };
}
