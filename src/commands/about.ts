import { messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { ReplyContext } from "./ask.js";
import type { Reply } from "./reply.js";

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
    footer: `/ask · /promises · /help`,
  };
}
