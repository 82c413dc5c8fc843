import { EXAMPLE_QUESTIONS, messages } from "../i18n.js";
import type { ReplyContext } from "./ask.js";
import type { Reply } from "./reply.js";

/** How to use the commands, with example questions in both languages. */
export function help(context: ReplyContext): Reply {
  const t = messages(context.lang);
  return {
    ...context,
    tone: "info",
    title: t.helpTitle,
    text: t.helpText,
    itemsTitle: t.helpExamples,
    items: [
      { heading: "Bahasa Indonesia", text: EXAMPLE_QUESTIONS.id.join("\n") },
      { heading: "English", text: EXAMPLE_QUESTIONS.en.join("\n") },
    ],
  };
}
