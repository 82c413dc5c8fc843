import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import { promises } from "../../src/commands/promises.js";
import type { Citation, Reply } from "../../src/commands/reply.js";
import { parseArticle } from "../../src/corpus/parse.js";
import { escapeUserText, renderEmbed } from "../../src/interactions/render.js";
import { createLibrary } from "../../src/library.js";

const base: Reply = { lang: "en", ephemeral: false, tone: "answer", title: "Answer from the article" };
const EVIL = "[Free Nitro](https://evil.example/q)";

/**
 * The masked links Discord would make clickable: `[text](target` where neither bracket is escaped.
 * Escaped characters (a backslash and the character after it) are blanked out first, as Discord reads them.
 */
function liveMaskedLinks(markdown: string): string[] {
  let unescaped = "";
  for (let i = 0; i < markdown.length; i++) {
    if (markdown[i] === "\\") {
      unescaped += "  ";
      i++;
    } else unescaped += markdown[i];
  }
  return [...unescaped.matchAll(/\[[^\]]*\]\(\s*<?([^\s)>]*)/g)].map((m) => m[1] ?? "");
}

/** Every piece of text in an embed Discord may read as Markdown. */
function embedTexts(embed: APIEmbed): string[] {
  return [
    embed.title ?? "",
    embed.description ?? "",
    ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
    embed.footer?.text ?? "",
  ];
}

function linkTargets(embed: APIEmbed): string[] {
  return embedTexts(embed).flatMap(liveMaskedLinks);
}

describe("the live-link detector", () => {
  it("sees a link, and not an escaped one", () => {
    expect(liveMaskedLinks(EVIL)).toEqual(["https://evil.example/q"]);
    expect(liveMaskedLinks(`\\${EVIL}`)).toEqual([]);
    expect(liveMaskedLinks(`\\\\${EVIL}`)).toEqual(["https://evil.example/q"]);
  });
});

describe("user and corpus text is inert in Discord", () => {
  it("escapes every masked link, not only the first on a line", () => {
    const text = `${EVIL} and [two](https://evil.example/2)\n[three](https://evil.example/3)`;
    expect(liveMaskedLinks(escapeUserText(text))).toEqual([]);
  });

  it("echoes a question with masked links as plain text", () => {
    const embed = renderEmbed({ ...base, question: `${EVIL} siapa [b](https://evil.example/b)?` });
    expect(linkTargets(embed)).toEqual([]);
  });

  it("quotes a corpus paragraph with masked links as plain text, highlights and all", () => {
    const text = `Baca ${EVIL} lalu [dua](https://evil.example/2) sekarang.`;
    const start = text.indexOf("Nitro");
    const embed = renderEmbed({ ...base, quote: { text, highlights: [[start, start + 5]] } });
    expect(linkTargets(embed)).toEqual([]);
    expect(embed.description).toContain("**Nitro**");
  });

  it("makes headings, item text and titles inert", () => {
    const embed = renderEmbed({
      ...base,
      title: `Promise 1: ${EVIL}`,
      items: [{ heading: `1. ${EVIL}`, text: EVIL }],
    });
    expect(linkTargets(embed)).toEqual([]);
  });

  it("links a citation with its url verbatim, even when the url or title has $' or $&", () => {
    const citation: Citation = {
      articleTitle: "Rp $& juta",
      url: "https://example.org/a?q=$'&r=$&",
      source: "Sumber",
      section: null,
      paragraph: 2,
    };
    const embed = renderEmbed({ ...base, citation });
    expect(embed.fields?.[0]?.value).toBe(
      "[Rp $& juta](https://example.org/a?q=$'&r=$&), Sumber, paragraph 2",
    );
    expect(linkTargets(embed)).toEqual(["https://example.org/a?q=$'&r=$&"]);
  });

  it("does not link a citation url that could break out of the link, or is not http(s)", () => {
    for (const url of [
      "https://example.org/a)[Free Nitro](https://evil.example/q",
      "https://example.org/a b",
      "javascript:alert(1)",
      "not a url",
    ]) {
      const citation: Citation = { articleTitle: "Judul", url, section: null, paragraph: 1 };
      const embed = renderEmbed({ ...base, citation, titleUrl: url });
      expect(linkTargets(embed), url).toEqual([]);
      expect(embed.url, url).toBeUndefined();
      expect(embed.fields?.[0]?.value, url).toBe("Judul, paragraph 1");
    }
  });

  it("keeps a valid article url on the embed title", () => {
    expect(renderEmbed({ ...base, titleUrl: "https://example.org/a" }).url).toBe("https://example.org/a");
  });
});

describe("/promises echoes are inert in Discord", () => {
  const article = (file: string, markdown: string) => parseArticle(file, new TextEncoder().encode(markdown));

  it("an unknown article name the user typed", () => {
    const library = createLibrary([article("a.md", "---\ntitle: Judul\n---\n## 1. Satu\n\nIsi satu.")]);
    const reply = promises(library, { article: EVIL }, { lang: "en", ephemeral: false });
    expect(reply.text).toContain(EVIL); // the command keeps it raw: escaping is the renderer's job
    const embed = renderEmbed(reply);
    expect(linkTargets(embed)).toEqual([]);
    expect(embed.description).toMatch(/^I don't know the article "/);
    expect(embed.description).toMatch(/See \/about for the list\.$/);
  });

  it("an article title and numbered headings from the corpus", () => {
    const library = createLibrary([
      article("a.md", `---\ntitle: "${EVIL}"\n---\nTanpa bagian bernomor.`),
      article("b.md", `---\ntitle: "B ${EVIL}"\n---\n## 1. Klik ${EVIL}\n\nIsi ${EVIL} satu.`),
    ]);
    const context = { lang: "en", ephemeral: false } as const;
    for (const reply of [
      promises(library, { article: "a" }, context),
      promises(library, { article: "b" }, context),
      promises(library, { article: "b", number: 1 }, context),
    ]) {
      expect(linkTargets(renderEmbed(reply)), reply.title).toEqual([]);
    }
  });
});
