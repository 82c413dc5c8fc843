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

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const HEADING = /^#{1,6}[ \t]+(.+?)[ \t#]*$/;
const NUMBERED_HEADING = /^(\d{1,3})[.)][ \t]+(.+)$/;
/**
 * A news paragraph is a few hundred characters; the longest in a real archive is a few thousand.
 * Ranking a passage costs time with its length, so one pasted dump must not become one paragraph.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;
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
  const shown = JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url);
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

/** Splits a Markdown body into sections of paragraphs; soft-wrapped lines join with a space. */
function parseBody(file: string, slug: string, title: string, body: string): Section[] {
  const sections: Section[] = [{ heading: null, number: null, title: null, passages: [] }];
  let paragraphCount = 0;
  let pending: string[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const section = sections[sections.length - 1] as Section;
    paragraphCount += 1;
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
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const text = heading[1] as string;
      const numbered = NUMBERED_HEADING.exec(text);
      sections.push({
        heading: text,
        number: numbered ? Number(numbered[1]) : null,
        title: numbered ? (numbered[2] as string) : text,
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
  const frontMatter = FRONT_MATTER.exec(text);
  if (!frontMatter) {
    throw new CorpusError(file, "does not start with front matter (a `---` block with a title)");
  }
  const meta = parseMeta(file, frontMatter[1] as string);
  const slug = slugFromFile(file);
  if (!slug) throw new CorpusError(file, "file name gives no usable article slug");
  const sections = parseBody(file, slug, meta.title, text.slice(frontMatter[0].length));
  const passages = sections.flatMap((s) => s.passages);
  if (passages.length === 0) throw new CorpusError(file, "has no paragraphs after the front matter");
  return { slug, file, meta, sections, passages };
}
