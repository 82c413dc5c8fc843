import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { CorpusError, parseArticle } from "../../src/corpus/parse.js";
import { keyPoints } from "../../src/corpus/types.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function corpusDir(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "corpus-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

describe("the seed article", async () => {
  const [article, ...others] = await loadCorpus(DEFAULT_CORPUS_DIR);
  if (!article) throw new Error("the corpus is empty");

  it("is the only article, with its metadata and no invented url or date", () => {
    expect(others).toHaveLength(0);
    expect(article.slug).toBe("jack-ma-5-janji");
    expect(article.meta).toMatchObject({
      title: "Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia",
      source: "IDN Times",
      language: "id",
    });
    expect(article.meta.url).toBeUndefined();
    expect(article.meta.published).toBeUndefined();
  });

  it("has the lede, then one section per numbered promise", () => {
    expect(article.sections.map((s) => s.number)).toEqual([null, 1, 2, 3, 4, 5]);
    expect(article.sections[0]?.passages).toHaveLength(6);
    expect(keyPoints(article).map((k) => k.title)).toEqual([
      "Alibaba akan mengembangkan SDM di Indonesia",
      "Indonesia akan berpartisipasi dalam Double Eleven",
      "Alibaba ingin membangun sekolah berbasis teknologi di Indonesia",
      "Produk Indonesia akan dipasarkan saat Singles' Day",
      "Jack Ma menargetkan mencetak seribu pemimpin teknologi di Indonesia",
    ]);
  });

  it("numbers its paragraphs across the article with stable ids", () => {
    expect(article.passages).toHaveLength(35);
    article.passages.forEach((p, i) => {
      expect(p.paragraph).toBe(i + 1);
      expect(p.id).toBe(`jack-ma-5-janji:${i + 1}`);
    });
    const promise5 = article.sections[5];
    expect(promise5?.passages[0]?.text).toBe(
      "Tak hanya itu, Jack Ma juga menargetkan setiap tahun dapat mencetak seribu pemimpin teknologi di Indonesia dalam kurun waktu 10 tahun ke depan.",
    );
    expect(promise5?.passages[0]?.section).toBe(
      "5. Jack Ma menargetkan mencetak seribu pemimpin teknologi di Indonesia",
    );
  });

  it("leaves out captions, related links, topics and tags", () => {
    const text = article.passages.map((p) => p.text).join("\n");
    for (const boilerplate of [
      "IDN Times/Rochmanudin",
      "wsj.com",
      "ANTARA FOTO",
      "Baca Juga",
      "Topik:",
      "Dwifantya Aquina",
      "Berita Terkini Lainnya",
    ]) {
      expect(text).not.toContain(boilerplate);
    }
  });

  it("keeps the article's own spelling", () => {
    const text = article.passages.map((p) => p.text).join("\n");
    expect(text).toContain("meresliasikan");
    expect(text).toContain("bagaiman memperbaikinya");
  });
});

describe("parseArticle", () => {
  it("reads front matter, headings and soft-wrapped paragraphs", () => {
    const article = parseArticle(
      "x/Berita Satu.md",
      bytes(
        '---\ntitle: "Judul"\nurl: https://example.org/a\nauthors: [A, B]\n---\nLede line one\nline two.\n\n## 1. Pertama\n\nIsi.\n',
      ),
    );
    expect(article.slug).toBe("berita-satu");
    expect(article.meta.authors).toEqual(["A", "B"]);
    expect(article.passages.map((p) => [p.id, p.section, p.text])).toEqual([
      ["berita-satu:1", null, "Lede line one line two."],
      ["berita-satu:2", "1. Pertama", "Isi."],
    ]);
  });

  it("accepts an ordinary http(s) url, keeping it as written", () => {
    const url = "https://example.org/berita/a-b?q=$'&id=1#bagian";
    const article = parseArticle("x.md", bytes(`---\ntitle: A\nurl: "${url}"\n---\nIsi.`));
    expect(article.meta.url).toBe(url);
  });

  const malformed: [string, string | Uint8Array, RegExp][] = [
    ["no front matter", "# Judul\n\nIsi.", /does not start with front matter/],
    ["bad YAML", '---\ntitle: "unclosed\n---\nIsi.', /bad front matter/],
    ["a list instead of fields", "---\n- a\n- b\n---\nIsi.", /expected `key: value` lines/],
    ["no title", "---\nsource: IDN Times\n---\nIsi.", /has no "title"/],
    ["an empty title", '---\ntitle: "  "\n---\nIsi.', /has no "title"/],
    ["an unknown field", "---\ntitle: A\ntitel: B\n---\nIsi.", /unknown front matter field "titel"/],
    ["a bad url", "---\ntitle: A\nurl: not a url\n---\nIsi.", /not an http\(s\) address/],
    [
      "a url that smuggles a second link",
      '---\ntitle: A\nurl: "https://example.org/a)[Free Nitro](https://evil.example/q"\n---\nIsi.',
      /front matter "url" may not contain brackets, parentheses, backslashes or spaces/,
    ],
    [
      "a url with a backslash, which could escape the link's closing parenthesis",
      '---\ntitle: A\nurl: "https://example.org/a\\\\"\n---\nIsi.',
      /front matter "url" may not contain brackets, parentheses, backslashes/,
    ],
    [
      "a url with square brackets",
      "---\ntitle: A\nurl: https://example.org/[a]\n---\nIsi.",
      /front matter "url" may not contain brackets/,
    ],
    [
      "a url with a tab",
      '---\ntitle: A\nurl: "https://example.org/\ta"\n---\nIsi.',
      /front matter "url" may not/,
    ],
    [
      "a url no parser accepts",
      "---\ntitle: A\nurl: https://exa%zzmple.org/\n---\nIsi.",
      /not an http\(s\) address/,
    ],
    ["a url without a host", "---\ntitle: A\nurl: https:example.org\n---\nIsi.", /not an http\(s\) address/],
    ["a javascript: url", "---\ntitle: A\nurl: javascript:alert(1)\n---\nIsi.", /not an http\(s\) address/],
    ["a bad authors field", "---\ntitle: A\nauthors: {a: 1}\n---\nIsi.", /"authors" must be/],
    ["an empty body", "---\ntitle: A\n---\n\n## Only a heading\n", /has no paragraphs/],
    [
      "a paragraph over 20,000 characters",
      `---\ntitle: A\n---\nPendek.\n\n${"kata ".repeat(4_001)}\n`,
      /paragraph 2 is 20004 characters; a paragraph may be at most 20000/,
    ],
    [
      "bytes that are not UTF-8",
      new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x00]),
      /not valid UTF-8/,
    ],
  ];
  it.each(malformed)("rejects %s, naming the file", (_, content, problem) => {
    const parse = () => parseArticle("corpus/bad.md", typeof content === "string" ? bytes(content) : content);
    expect(parse).toThrow(CorpusError);
    expect(parse).toThrow(problem);
    expect(parse).toThrow(/^corpus\/bad\.md: /);
  });

  it("shows a long bad url cut like every other echoed value, never inside a character", () => {
    // 199 characters, then an emoji whose two UTF-16 halves straddle the 200-character cut.
    const start = `ftp://example.org/${"a".repeat(181)}`;
    const url = `${start}😀${"b".repeat(5_000)}`;
    const parse = () => parseArticle("x.md", bytes(`---\ntitle: A\nurl: "${url}"\n---\nIsi.`));
    expect(parse).toThrow(`x.md: front matter "url" is not an http(s) address: "${start}…"`);
  });
});

describe("loadCorpus", () => {
  it("loads every .md file in name order and ignores other files", async () => {
    const dir = await corpusDir({
      "b.md": "---\ntitle: B\n---\nIsi B.",
      "a.md": "---\ntitle: A\n---\nIsi A.",
      "notes.txt": "not an article",
    });
    expect((await loadCorpus(dir)).map((a) => a.meta.title)).toEqual(["A", "B"]);
  });

  it("names a missing folder", async () => {
    await expect(loadCorpus("/nonexistent/corpus")).rejects.toThrow(
      /\/nonexistent\/corpus: corpus folder not found/,
    );
  });

  it("names an empty folder", async () => {
    const dir = await corpusDir({ "readme.txt": "nothing here" });
    await expect(loadCorpus(dir)).rejects.toThrow(/corpus folder has no \.md articles/);
  });

  it("names the file that is malformed", async () => {
    const dir = await corpusDir({ "good.md": "---\ntitle: A\n---\nIsi.", "broken.md": "no front matter" });
    await expect(loadCorpus(dir)).rejects.toThrow(/broken\.md: does not start with front matter/);
  });

  it("rejects an article copied under another file name, naming both files", async () => {
    const text = "---\ntitle: Ekspor Kopi\n---\nKopi Gayo diekspor.\n\nHujan turun.";
    const dir = await corpusDir({
      "kopi.md": text,
      "kopi-salinan.md": text.replace("Ekspor Kopi", "EKSPOR KOPI"),
    });
    await expect(loadCorpus(dir)).rejects.toThrow(
      /kopi\.md: has the same title and text as .*kopi-salinan\.md: keep one/,
    );
    // The same title over different text is two articles.
    const other = await corpusDir({ "a.md": text, "b.md": text.replace("Hujan turun.", "Panas terik.") });
    await expect(loadCorpus(other)).resolves.toHaveLength(2);
  });

  it("rejects two files with the same slug", async () => {
    // Different names (on any file system), one slug.
    const dir = await corpusDir({
      "Berita Satu.md": "---\ntitle: A\n---\nIsi.",
      "berita-satu.md": "---\ntitle: B\n---\nIsi.",
    });
    await expect(loadCorpus(dir)).rejects.toThrow(/same article slug "berita-satu"/);
  });

  it("rejects a one-paragraph article just under the file limit, naming the file", async () => {
    // 2,000,000 bytes passes the file cap; as one paragraph it would block the first question ranking it.
    const dir = await corpusDir({ "lebar.md": `---\ntitle: A\n---\n${"kata ".repeat(400_000)}` });
    await expect(loadCorpus(dir)).rejects.toThrow(CorpusError);
    await expect(loadCorpus(dir)).rejects.toThrow(
      /lebar\.md: paragraph 1 is \d+ characters; a paragraph may be/,
    );
  });

  it("rejects a file too large to be an article", async () => {
    const dir = await corpusDir({ "huge.md": `---\ntitle: A\n---\n${"kata ".repeat(500_000)}` });
    await expect(loadCorpus(dir)).rejects.toThrow(/huge\.md: is \d+ bytes; an article may be at most/);
  });
});
