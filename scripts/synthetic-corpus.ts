/**
 * A deterministic synthetic news archive for benchmarks: articles recombined from the sentences
 * of real Indonesian paragraphs (the shipped article and the two QA datasets), so lengths and
 * vocabulary are realistic while the same seed always gives the same corpus.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article, Passage, Section } from "../src/corpus/types.js";

/** mulberry32: a small, fast, seedable PRNG (public domain). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
