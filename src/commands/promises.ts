import type { Article } from "../corpus/types.js";
import { keyPoints } from "../corpus/types.js";
import { messages } from "../i18n.js";
import type { Library } from "../library.js";
import { firstSentence, truncateAtWord } from "../text.js";
import type { ReplyContext } from "./ask.js";
import { citationOf } from "./citation.js";
import { privateNotice, type Reply } from "./reply.js";

/** An article is named by its slug or title; a longer name names none, and is not echoed whole. */
export const MAX_ARTICLE_NAME_LENGTH = 100;

/** Picks an article by slug or title (any case); without a name, the first that has numbered sections. */
export function findArticle(library: Library, name: string | undefined): Article | undefined {
  const wanted = name?.trim().toLowerCase();
  if (!wanted) return library.articles.find((a) => keyPoints(a).length > 0) ?? library.articles[0];
  return library.articles.find((a) => a.slug === wanted || a.meta.title.toLowerCase() === wanted);
}

/** Titles of the articles that match what the user has typed so far, for autocomplete. */
export function suggestArticles(library: Library, typed: string): { name: string; value: string }[] {
  const wanted = typed.trim().toLowerCase();
  return library.articles
    .filter((a) => !wanted || a.meta.title.toLowerCase().includes(wanted) || a.slug.includes(wanted))
    .map((a) => ({ name: a.meta.title, value: a.slug }));
}

/** The article's key points (its numbered sections): all with a summary each, or one in full. */
export function promises(
  library: Library,
  options: { number?: number | undefined; article?: string | undefined },
  context: ReplyContext,
): Reply {
  const t = messages(context.lang);
  // With several articles to choose from, picking one silently would answer about the wrong one.
  const withPromises = library.articles.filter((a) => keyPoints(a).length > 0);
  if (!options.article?.trim() && withPromises.length > 1) {
    return {
      ...context,
      tone: "info",
      title: t.whichArticleTitle,
      text: t.whichArticle,
      items: withPromises.map((a) => ({ heading: a.meta.title, text: a.slug })),
    };
  }
  const article = findArticle(library, options.article);
  if (!article) {
    const name = truncateAtWord(options.article ?? "", MAX_ARTICLE_NAME_LENGTH);
    return {
      ...privateNotice(context, (t) => ({ title: t.promisesTitle(name), text: t.unknownArticle(name) })),
      textNames: [name],
    };
  }
  const points = keyPoints(article);
  const titleUrl = article.meta.url ? { titleUrl: article.meta.url } : {};
  if (points.length === 0) {
    return {
      ...context,
      tone: "info",
      title: t.promisesTitle(article.meta.title),
      ...titleUrl,
      text: t.noKeyPoints(article.meta.title),
      textNames: [article.meta.title],
    };
  }
  if (options.number === undefined) {
    return {
      ...context,
      tone: "info",
      title: t.promisesTitle(article.meta.title),
      ...titleUrl,
      items: points.flatMap((point) => {
        const first = point.section.passages[0];
        if (!first) return [];
        return [
          {
            heading: t.promiseTitle(point.number, point.title),
            text: firstSentence(first.text),
            // The heading names the section already: the citation gives article, source and paragraph.
            citation: { ...citationOf(library, first), section: null },
          },
        ];
      }),
    };
  }
  const point = points.find((p) => p.number === options.number);
  if (!point) {
    const wanted = options.number;
    return privateNotice(context, (t) => ({
      title: t.promisesTitle(article.meta.title),
      text: t.noSuchPromise(wanted, points.length),
    }));
  }
  const first = point.section.passages[0];
  return {
    ...context,
    tone: "info",
    title: t.promiseTitle(point.number, point.title),
    ...titleUrl,
    ...(first ? { citation: citationOf(library, first) } : {}),
    items: point.section.passages.map((passage) => ({
      heading: `${t.paragraph} ${passage.paragraph}`,
      text: passage.text,
    })),
  };
}
