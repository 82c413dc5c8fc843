/** What the corpus front matter may say about an article. Only `title` is required. */
export interface ArticleMeta {
  title: string;
  source?: string;
  url?: string;
  published?: string;
  authors?: string[];
  language?: string;
  description?: string;
}

/** One paragraph of an article: the unit the bot quotes and cites. */
export interface Passage {
  /** Stable across runs: `<article slug>:<paragraph number>`. */
  id: string;
  articleSlug: string;
  articleTitle: string;
  /** The heading of the section the paragraph is in; null for the lede before the first heading. */
  section: string | null;
  /** 1-based position of the paragraph within the whole article. */
  paragraph: number;
  text: string;
}

export interface Section {
  heading: string | null;
  /** The number a heading such as "3. Alibaba ingin ..." starts with; marks the article's key points. */
  number: number | null;
  /** The heading without its leading number. */
  title: string | null;
  passages: Passage[];
}

export interface Article {
  slug: string;
  /** The file the article was read from, for messages. */
  file: string;
  meta: ArticleMeta;
  sections: Section[];
  passages: Passage[];
}

/** A numbered section such as the article's five promises. */
export interface KeyPoint {
  number: number;
  title: string;
  section: Section;
}

export function keyPoints(article: Article): KeyPoint[] {
  return article.sections.flatMap((section) =>
    section.number !== null && section.title !== null
      ? [{ number: section.number, title: section.title, section }]
      : [],
  );
}
