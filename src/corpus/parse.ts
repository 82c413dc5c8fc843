import { basename } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { escapeControls, printable } from "../printable.js";
import { urlProblem } from "../url.js";
import type { Article, ArticleMeta, Passage, Section } from "./types.js";

/**
 * A corpus file or folder that cannot be used; the message names the file and the problem. The message
 * is printed on a terminal: the name (capped) and the problem (which may quote the file) are escaped.
 * `file` and `problem` keep the raw text.
 */
export class CorpusError extends Error {
  override readonly name = "CorpusError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${printable(file)}: ${escapeControls(problem)}`);
  }
}

/**
 * Limits far above any news article, so one crafted or mistaken file cannot make the parse, the index
 * or a ranking slow. The parse itself is linear in the file (no regular expression that can backtrack).
 * A news paragraph is a few hundred characters; the longest in a real archive is a few thousand.
 * Ranking a passage costs time with its length, so one pasted dump must not become one paragraph.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;
/** A heading is analysed again with every paragraph under it; a news heading is under 200 characters. */
export const MAX_HEADING_CHARS = 1_000;
/** A news article has tens of paragraphs; a long report a few hundred. */
export const MAX_PASSAGES_PER_ARTICLE = 2_000;
/** Headings without paragraphs under them are kept (they are the article's key points), so they count apart. */
export const MAX_SECTIONS_PER_ARTICLE = 1_000;
/** The YAML parser's time grows faster than its input (500 KB of keys: 17 s); a front matter is a few lines. */
export const MAX_FRONT_MATTER_CHARS = 16 * 1024;
const STRING_FIELDS = ["title", "source", "url", "published", "language", "description"] as const;
const KNOWN_FIELDS = new Set<string>([...STRING_FIELDS, "authors"]);

/** The slug names an article in passage ids, so it comes from the file name, which is stable. */
export function slugFromFile(file: string): string {
  return basename(file)
    .replace(/\.md$/i, "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new CorpusError(file, "is not valid UTF-8 text");
  }
}

/** The citation links to `url` verbatim, so it must be one plain http(s) address and nothing more. */
function checkUrl(file: string, url: string): void {
  // Escaped and cut like every value an error line echoes, never inside a character.
  const shown = `"${printable(url)}"`;
  const problem = urlProblem(url);
  if (problem === "not-http") {
    throw new CorpusError(file, `front matter "url" is not an http(s) address: ${shown}`);
  }
  if (problem === "breaks-link") {
    throw new CorpusError(
      file,
      `front matter "url" may not contain brackets, parentheses, backslashes or spaces (they would break the citation link): ${shown}`,
    );
  }
}

function parseMeta(file: string, yamlText: string): ArticleMeta {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
    throw new CorpusError(file, `bad front matter: ${detail}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new CorpusError(file, "bad front matter: expected `key: value` lines");
  }
  const fields = data as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new CorpusError(
        file,
        `unknown front matter field "${key}" (known: ${[...KNOWN_FIELDS].join(", ")})`,
      );
    }
  }
  const meta: Partial<ArticleMeta> = {};
  for (const key of STRING_FIELDS) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number") {
      throw new CorpusError(file, `front matter field "${key}" must be text`);
    }
    const text = String(value).trim();
    if (text) meta[key] = text;
  }
  if (!meta.title) throw new CorpusError(file, 'front matter has no "title"');
  if (meta.url !== undefined) checkUrl(file, meta.url);
  const authors = fields.authors;
  if (typeof authors === "string") {
    meta.authors = [authors];
  } else if (Array.isArray(authors) && authors.every((a) => typeof a === "string")) {
    meta.authors = authors;
  } else if (authors !== undefined && authors !== null) {
    throw new CorpusError(file, 'front matter "authors" must be a name or a list of names');
  }
  return { ...meta, title: meta.title };
}

const isBlank = (char: string | undefined): boolean => char === " " || char === "\t";
const isDigit = (char: string | undefined): boolean => char !== undefined && char >= "0" && char <= "9";

/**
 * The text of an ATX heading line (already trimmed): 1-6 `#`, a space or tab, the text; a closing run
 * of `#`, spaces and tabs is dropped, keeping at least one character. Undefined when not a heading.
 */
function headingText(line: string): string | undefined {
  let hashes = 0;
  while (line[hashes] === "#") hashes += 1;
  if (hashes === 0 || hashes > 6 || !isBlank(line[hashes])) return undefined;
  let start = hashes;
  while (isBlank(line[start])) start += 1;
  if (start === line.length) return undefined;
  let end = line.length;
  while (end > start + 1 && (isBlank(line[end - 1]) || line[end - 1] === "#")) end -= 1;
  return line.slice(start, end);
}

/** "3. Alibaba ingin ..." (or "3) ..."): 1-3 digits, a dot or parenthesis, a space or tab, the title. */
function numberedHeading(text: string): { number: number; title: string } | undefined {
  let digits = 0;
  while (digits < 4 && isDigit(text[digits])) digits += 1;
  if (digits === 0 || digits > 3) return undefined;
  if (text[digits] !== "." && text[digits] !== ")") return undefined;
  let start = digits + 1;
  if (!isBlank(text[start])) return undefined;
  while (isBlank(text[start])) start += 1;
  if (start === text.length) return undefined;
  return { number: Number(text.slice(0, digits)), title: text.slice(start) };
}

/**
 * Splits the text into its front matter's YAML and the body. The first line is `---`; the front matter
 * ends at a later line that is `---` (trailing spaces or tabs allowed), from the third line on: the
 * YAML is the lines between. Undefined when there is no such block. One pass over the lines.
 */
function splitFrontMatter(text: string): { yaml: string; body: string } | undefined {
  const isFence = (from: number, to: number): boolean =>
    text.startsWith("---", from) && /^[ \t]*$/.test(text.slice(from + 3, to));
  const firstEnd = text.indexOf("\n");
  if (firstEnd === -1 || !isFence(0, firstEnd)) return undefined;
  const secondEnd = text.indexOf("\n", firstEnd + 1);
  if (secondEnd === -1) return undefined;
  for (let lineStart = secondEnd + 1; lineStart < text.length; ) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (isFence(lineStart, lineEnd)) {
      // The newline before the closing fence ends the YAML's last line; it is not part of it.
      return { yaml: text.slice(firstEnd + 1, lineStart - 1), body: text.slice(lineEnd + 1) };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Splits a Markdown body into sections of paragraphs; soft-wrapped lines join with a space. */
function parseBody(file: string, slug: string, title: string, body: string): Section[] {
  const sections: Section[] = [{ heading: null, number: null, title: null, passages: [] }];
  let paragraphCount = 0;
  let headingCount = 0;
  let pending: string[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const section = sections[sections.length - 1] as Section;
    paragraphCount += 1;
    if (paragraphCount > MAX_PASSAGES_PER_ARTICLE) {
      throw new CorpusError(
        file,
        `has more than ${MAX_PASSAGES_PER_ARTICLE} paragraphs; an article may have at most ${MAX_PASSAGES_PER_ARTICLE} (split it into several files)`,
      );
    }
    const text = pending.join(" ");
    if (text.length > MAX_PARAGRAPH_CHARS) {
      throw new CorpusError(
        file,
        `paragraph ${paragraphCount} is ${text.length} characters; a paragraph may be at most ${MAX_PARAGRAPH_CHARS} (separate paragraphs with a blank line)`,
      );
    }
    const passage: Passage = {
      id: `${slug}:${paragraphCount}`,
      articleSlug: slug,
      articleTitle: title,
      section: section.heading,
      paragraph: paragraphCount,
      text,
    };
    section.passages.push(passage);
    pending = [];
  };

  for (const rawLine of body.split("\n")) {
    const line = rawLine.trim();
    const heading = headingText(line);
    if (heading !== undefined) {
      flush();
      headingCount += 1;
      if (heading.length > MAX_HEADING_CHARS) {
        throw new CorpusError(
          file,
          `heading ${headingCount} is ${heading.length} characters; a heading may be at most ${MAX_HEADING_CHARS}`,
        );
      }
      if (headingCount > MAX_SECTIONS_PER_ARTICLE) {
        throw new CorpusError(
          file,
          `has more than ${MAX_SECTIONS_PER_ARTICLE} headings; an article may have at most ${MAX_SECTIONS_PER_ARTICLE} (split it into several files)`,
        );
      }
      const numbered = numberedHeading(heading);
      sections.push({
        heading,
        number: numbered?.number ?? null,
        title: numbered?.title ?? heading,
        passages: [],
      });
    } else if (line === "") {
      flush();
    } else {
      pending.push(line);
    }
  }
  flush();
  return sections.filter((s) => s.heading !== null || s.passages.length > 0);
}

/** Parses one corpus file. `file` is only used to name the article and in error messages. */
export function parseArticle(file: string, bytes: Uint8Array): Article {
  const text = decodeUtf8(file, bytes).replace(/\r\n?/g, "\n");
  const frontMatter = splitFrontMatter(text);
  if (!frontMatter) {
    throw new CorpusError(file, "does not start with front matter (a `---` block with a title)");
  }
  if (frontMatter.yaml.length > MAX_FRONT_MATTER_CHARS) {
    throw new CorpusError(
      file,
      `front matter is ${frontMatter.yaml.length} characters; it may be at most ${MAX_FRONT_MATTER_CHARS}`,
    );
  }
  const meta = parseMeta(file, frontMatter.yaml);
  const slug = slugFromFile(file);
  if (!slug) throw new CorpusError(file, "file name gives no usable article slug");
  const sections = parseBody(file, slug, meta.title, frontMatter.body);
  const passages = sections.flatMap((s) => s.passages);
  if (passages.length === 0) throw new CorpusError(file, "has no paragraphs after the front matter");
  return { slug, file, meta, sections, passages };
}
