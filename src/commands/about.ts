import { messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Reply, ReplyContext } from "./reply.js";
import { type CommandSpec, PRIVATE_OPTION, shown } from "./spec.js";

export function about(library: Library, context: ReplyContext): Reply {
  const t = messages(context.lang);
  return {
    ...context,
    tone: "info",
    title: t.aboutTitle,
    text: t.aboutText,
    itemsTitle: t.articlesKnown,
    items: library.articles.map((article) => ({
      heading: article.meta.title,
      // The slug is what `/promises article:` takes.
      text: [article.meta.source, article.meta.published, t.paragraphs(article.passages.length), article.slug]
        .filter((part): part is string => Boolean(part))
        .join(" · "),
    })),
    footer: t.aboutFooter,
  };
}

export const aboutCommand: CommandSpec<{ name: "about" }> = {
  name: "about",
  names: { en: "about", id: "tentang" },
  descriptions: {
    en: "What this bot is and which articles it knows",
    id: "Tentang bot ini dan artikel yang diketahuinya",
  },
  options: [PRIVATE_OPTION],
  help: {
    en: {
      discord: "`/about` the articles the bot knows.",
      console: "`/about` the articles it knows, with their slugs.",
    },
    id: {
      discord: "`/tentang` artikel yang diketahui bot.",
      console: "`/tentang` artikel yang diketahui, dengan slug-nya.",
    },
  },
  read: () => ({ name: "about" }),
  run: (library, _command, context) => shown(about(library, context)),
};
