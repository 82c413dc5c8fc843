import type { Article, Passage } from "../corpus/types.js";
import { type Lang, messages } from "../i18n.js";
import type { Library } from "../library.js";
import type { Citation } from "./reply.js";

export function articleOf(library: Library, passage: Passage): Article | undefined {
  return library.articles.find((a) => a.slug === passage.articleSlug);
}

export function citationOf(library: Library, passage: Passage): Citation {
  const meta = articleOf(library, passage)?.meta;
  return {
    articleTitle: meta?.title ?? passage.articleTitle,
    ...(meta?.url ? { url: meta.url } : {}),
    ...(meta?.source ? { source: meta.source } : {}),
    section: passage.section,
    paragraph: passage.paragraph,
  };
}

/** What a citation says after the article title: source, section and paragraph, in the reply's language. */
export function citationDetails(citation: Citation, lang: Lang): string[] {
  const t = messages(lang);
  return [
    citation.source,
    citation.section ? `${t.section} "${citation.section}"` : undefined,
    `${t.paragraph} ${citation.paragraph}`,
  ].filter((part): part is string => Boolean(part));
}

/** `Title, Source, section "…", paragraph N`: the citation as a line of text, in the reply's language. */
export function citationText(citation: Citation, lang: Lang): string {
  return [citation.articleTitle, ...citationDetails(citation, lang)].join(", ");
}
