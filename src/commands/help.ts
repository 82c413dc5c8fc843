import { EXAMPLE_QUESTIONS, messages } from "../i18n.js";
import type { Reply, ReplyContext } from "./reply.js";
import { type CommandSpec, PRIVATE_OPTION, shown } from "./spec.js";

/** Where /help is read: Discord's syntax differs from the console's (`name:value` or plain words). */
export type HelpSyntax = "discord" | "console";

/** What /help needs of a command: its line. */
export type HelpSource = Pick<CommandSpec<{ name: string }>, "help">;

/** Where a help line names an article: /help puts a real slug there, so the example works as typed. */
export const SLUG_PLACEHOLDER = "{slug}";

/**
 * How to use the commands, one line each from their specs, with example questions in both languages.
 * `articleSlug` is the article the examples name (one the library has).
 */
export function help(
  context: ReplyContext,
  commands: readonly HelpSource[],
  syntax: HelpSyntax,
  articleSlug = "slug",
): Reply {
  const t = messages(context.lang);
  const lines = commands.map((spec) =>
    spec.help[context.lang][syntax].replaceAll(SLUG_PLACEHOLDER, articleSlug),
  );
  return {
    ...context,
    tone: "info",
    title: t.helpTitle,
    text: [...lines, ...(syntax === "console" ? t.consoleHelpExtra : [])].join("\n"),
    itemsTitle: t.helpExamples,
    items: [
      { heading: "Bahasa Indonesia", text: EXAMPLE_QUESTIONS.id.join("\n") },
      { heading: "English", text: EXAMPLE_QUESTIONS.en.join("\n") },
    ],
  };
}

/** /help, listing `commands()`: a getter, since the list of commands includes /help itself. */
export function helpCommandOf(commands: () => readonly HelpSource[]): CommandSpec<{ name: "help" }> {
  return {
    name: "help",
    names: { en: "help", id: "bantuan" },
    descriptions: {
      en: "How to use the commands, with example questions",
      id: "Cara memakai perintah, dengan contoh pertanyaan",
    },
    options: [PRIVATE_OPTION],
    help: {
      en: { discord: "`/help` this message.", console: "`/help` this message." },
      id: { discord: "`/bantuan` pesan ini.", console: "`/bantuan` pesan ini." },
    },
    read: () => ({ name: "help" }),
    run: (_library, _command, context) => shown(help(context, commands(), "discord")),
  };
}
