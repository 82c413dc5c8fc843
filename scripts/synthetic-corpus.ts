/**
 * A deterministic synthetic news archive for benchmarks: articles recombined from the sentences
 * of real Indonesian paragraphs (the shipped article and the two QA datasets), so lengths and
 * vocabulary are realistic while the same seed always gives the same corpus.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article, Passage, Section } from "../src/corpus/types.js";
import { seededRandom as random } from "../src/random.js";
import { Analyzer, tokenize } from "../src/search/analyzer.js";

interface Pool {
  sentences: string[];
  titles: string[];
}

export function sentencePool(corpusPassages: readonly Passage[], datasetFiles: readonly string[]): Pool {
  const paragraphs = corpusPassages.map((p) => p.text);
  const titles: string[] = [];
  for (const file of datasetFiles) {
    const squad = JSON.parse(readFileSync(file, "utf8")) as {
      data: { title?: string; paragraphs: { context: string }[] }[];
    };
    for (const entry of squad.data) {
      if (entry.title && !/^idk-mrc/.test(entry.title)) titles.push(entry.title);
      for (const p of entry.paragraphs) paragraphs.push(p.context);
    }
  }
  const sentences = [...new Set(paragraphs.flatMap((p) => p.match(/[^.!?]+[.!?]+["”]?/g) ?? []))]
    .map((s) => s.trim())
    .filter((s) => s.length >= 30 && s.length <= 400);
  return { sentences, titles: [...new Set(titles)] };
}

export function syntheticArticles(pool: Pool, count: number, seed = 42): Article[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const between = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const articles: Article[] = [];
  for (let n = 0; n < count; n += 1) {
    const slug = `sintetis-${n}`;
    const title = `${pick(pool.titles)}: ${pick(pool.titles)}`;
    const sections: Section[] = [];
    let paragraph = 0;
    const sectionCount = between(1, 4);
    for (let s = 0; s < sectionCount; s += 1) {
      const heading = s === 0 ? null : `${s}. ${pick(pool.titles)}`;
      const passages: Passage[] = [];
      for (let k = between(2, 5); k > 0; k -= 1) {
        paragraph += 1;
        const text = Array.from({ length: between(2, 4) }, () => pick(pool.sentences)).join(" ");
        passages.push({
          id: `${slug}:${paragraph}`,
          articleSlug: slug,
          articleTitle: title,
          section: heading,
          paragraph,
          text,
        });
      }
      sections.push({
        heading,
        number: heading ? s : null,
        title: heading ? heading.slice(3) : null,
        passages,
      });
    }
    articles.push({
      slug,
      file: `${slug}.md`,
      meta: { title, source: "Sintetis" },
      sections,
      passages: sections.flatMap((x) => x.passages),
    });
  }
  return articles;
}

/** Writes articles as corpus Markdown files, so a process can load them as it loads `corpus/`. */
export async function writeCorpus(dir: string, articles: readonly Article[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const article of articles) {
    const body = article.sections
      .map((s) =>
        [s.heading ? `## ${s.heading}` : "", ...s.passages.map((p) => p.text)].filter(Boolean).join("\n\n"),
      )
      .join("\n\n");
    await writeFile(
      join(dir, `${article.slug}.md`),
      `---\ntitle: ${JSON.stringify(article.meta.title)}\nsource: Sintetis\n---\n\n${body}\n`,
    );
  }
}

/** The kinds of hostile question `npm run bench` times beside normal ones (issue 13). */
export const HOSTILE_KINDS = [
  "one 300-letter word",
  "150 two-letter words",
  "32 thirty-letter words",
  "typo'd frequent words",
  "mixed scripts",
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** Letters of other scripts (first and last code point), for questions mixing them. */
const SCRIPTS: [number, number][] = [
  [0x4e00, 0x9fff], // CJK
  [0x0627, 0x064a], // Arabic
  [0x0430, 0x044f], // Cyrillic
  [0xac00, 0xd7a3], // Hangul
  [0x0905, 0x0939], // Devanagari
  [0x0e01, 0x0e2e], // Thai
  [0x1f300, 0x1f5ff], // emoji
];

/** The `count` words in most passages that the index keeps (not stopwords) and that are long enough to be typo-matched. */
export function frequentWords(articles: readonly Article[], count: number): string[] {
  const analyzer = new Analyzer();
  const passagesWith = new Map<string, number>();
  for (const passage of articles.flatMap((a) => a.passages)) {
    for (const word of new Set(tokenize(passage.text))) {
      passagesWith.set(word, (passagesWith.get(word) ?? 0) + 1);
    }
  }
  return [...passagesWith]
    .filter(([word]) => word.length >= 5 && /^\p{L}+$/u.test(word) && analyzer.termsOf(word).length > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([word]) => word);
}

/**
 * `count` questions of each hostile kind, deterministic for a seed. Typo'd frequent words are the
 * corpus's most frequent indexed words (`frequentWords`), each misspelt by one edit, ten to a
 * question: the case that defeated the common-term guard.
 */
export function hostileQuestions(
  frequentWords: readonly string[],
  count: number,
  seed = 42,
): Record<HostileKind, string[]> {
  const next = random(seed);
  const below = (n: number): number => Math.floor(next() * n);
  const letters = (n: number): string =>
    Array.from({ length: n }, () => String.fromCharCode(97 + below(26))).join("");
  const many = (n: number, make: () => string): string => Array.from({ length: n }, make).join(" ");
  const misspelt = (word: string): string => {
    const i = 1 + below(Math.max(1, word.length - 2));
    switch (below(3)) {
      case 0:
        return `${word.slice(0, i)}${word[i]}${word.slice(i)}`; // a letter doubled
      case 1:
        return `${word.slice(0, i)}${word.slice(i + 1)}`; // a letter dropped
      default:
        return `${word.slice(0, i)}${word[i + 1] ?? ""}${word[i]}${word.slice(i + 2)}`; // two swapped
    }
  };
  const pick = (): string => frequentWords[below(frequentWords.length)] ?? "indonesia";
  const foreign = (): string => {
    const [from, to] = SCRIPTS[below(SCRIPTS.length)] as [number, number];
    return Array.from({ length: 1 + below(4) }, () => String.fromCodePoint(from + below(to - from + 1))).join(
      "",
    );
  };
  const questions = (make: () => string): string[] => Array.from({ length: count }, make);
  return {
    "one 300-letter word": questions(() => letters(300)),
    "150 two-letter words": questions(() => many(150, () => letters(2))),
    "32 thirty-letter words": questions(() => many(32, () => letters(30))),
    "typo'd frequent words": questions(() => many(10, () => misspelt(pick()))),
    "mixed scripts": questions(() => many(20, () => (below(3) === 0 ? pick() : foreign()))),
  };
}
