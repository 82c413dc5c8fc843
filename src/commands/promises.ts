import type { Article } from "../corpus/types.js";
import { keyPoints } from "../corpus/types.js";
import { messages } from "../i18n.js";
import type { Library } from "../library.js";
import { firstSentence, truncateAtWord } from "../text.js";
import { citationOf } from "./citation.js";
import type { ReplyContext } from "./reply.js";
import { privateNotice, type Reply } from "./reply.js";
import { type CommandSpec, PRIVATE_OPTION, shown } from "./spec.js";

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

export const promisesCommand: CommandSpec<{
  name: "promises";
  number?: number | undefined;
  article?: string | undefined;
}> = {
  name: "promises",
  names: { en: "promises", id: "janji" },
  descriptions: {
    en: "The article's promises, each with its source",
    id: "Janji-janji dalam artikel, masing-masing dengan sumbernya",
  },
  options: [
    {
      name: "number",
      names: { en: "number", id: "nomor" },
      descriptions: { en: "Show one promise in full", id: "Tampilkan satu janji secara lengkap" },
      type: "integer",
      minValue: 1,
      // Discord's max_value is the corpus's promise count, set when the commands are registered.
      autocomplete: true,
    },
    {
      name: "article",
      names: { en: "article", id: "artikel" },
      descriptions: {
        en: "Which article (when the bot knows several)",
        id: "Artikel yang mana (jika bot mengenal beberapa)",
      },
      type: "string",
      maxLength: MAX_ARTICLE_NAME_LENGTH,
      autocomplete: true,
    },
    PRIVATE_OPTION,
  ],
  help: {
    en: {
      discord:
        "`/promises` the article's promises, each with its source; `/promises number:3` the third promise in full.",
      console:
        "`/promises` the article's promises; `/promises 3` or `/promises number:3` the third in full; `/promises article:{slug} 3` the third of the article named by its slug (see `/about`).",
    },
    id: {
      discord:
        "`/janji` janji-janji dalam artikel beserta sumbernya; `/janji nomor:3` isi lengkap janji ketiga.",
      console:
        "`/janji` janji-janji dalam artikel; `/janji 3` atau `/janji nomor:3` isi lengkap janji ketiga; `/janji artikel:{slug} 3` janji ketiga dari artikel dengan slug itu (lihat `/tentang`).",
    },
  },
  read: (options) => ({
    name: "promises",
    number: options.integer("number"),
    article: options.string("article"),
  }),
  // `/promises kopi-gayo 2` and `/promises 2 kopi-gayo` alike.
  positional: (words) => {
    const number = words.find((w) => /^\d+$/.test(w));
    const article = words.filter((w) => w !== number).join(" ");
    return { ...(number !== undefined ? { number: Number(number) } : {}), ...(article ? { article } : {}) };
  },
  run: (library, command, context) => shown(promises(library, command, context)),
};
