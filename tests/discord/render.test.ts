import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { promises } from "../../src/commands/promises.js";
import type { Reply } from "../../src/commands/reply.js";
import { DISCORD_LIMITS } from "../../src/interactions/limits.js";
import { escapeUserText, renderEmbed, renderReply, withAuthor } from "../../src/interactions/render.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { truncateAtSentence } from "../../src/text.js";

const base: Reply = { lang: "en", ephemeral: false, tone: "answer", title: "Answer from the article" };

function embedTotal(reply: Reply): number {
  const e = renderEmbed(reply);
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

describe("a huge /promises article name", () => {
  it("is cut before it is echoed, so the reply stays within Discord's limits", async () => {
    const library = await loadLibrary(DEFAULT_CORPUS_DIR);
    const reply = promises(
      library,
      { article: `[x](https://evil.example) ${"a".repeat(6000)}` },
      { lang: "en", ephemeral: false },
    );
    const embed = renderEmbed(reply);
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed.description).not.toMatch(/[^\\]\[x\]\(/); // the masked link stays inert
  });
});

describe("tiers in Discord", () => {
  it("sets an unsure answer apart: its own colour, and the doubt said above the quote", () => {
    const quote = { text: "Paragraf yang dikutip.", highlights: [] };
    const sure = renderEmbed({ ...base, quote });
    const unsure = renderEmbed({
      ...base,
      tone: "maybe",
      title: "Possibly the answer",
      text: "I am not sure.",
      quote,
    });
    expect(unsure.color).not.toBe(sure.color);
    expect(unsure.title).toBe("Possibly the answer");
    expect(unsure.description).toBe("I am not sure.\n\n> Paragraf yang dikutip.");
    expect(sure.description).toBe("> Paragraf yang dikutip.");
  });
});

describe("Discord limits", () => {
  it("are Discord's documented numbers", () => {
    expect(DISCORD_LIMITS).toMatchObject({
      embedDescription: 4096,
      embedFieldValue: 1024,
      embedTotal: 6000,
      autocompleteChoices: 25,
      autocompleteChoiceLength: 100,
      customId: 100,
    });
  });

  it("a long passage is cut at a sentence boundary with an ellipsis", () => {
    const sentence = "Kalimat ini cukup panjang untuk diuji. ";
    const text = sentence.repeat(200);
    const embed = renderEmbed({ ...base, quote: { text, highlights: [] } });
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed.description).toMatch(/diuji\. …$/);
  });

  it("escaping never pushes a quote past the limit", () => {
    const text = "*_~`|> ".repeat(2000);
    const embed = renderEmbed({ ...base, quote: { text, highlights: [] } });
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
  });

  it("many long items stay within the 6,000-character embed total and 25 fields", () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      heading: `paragraph ${i}`,
      text: "Isi paragraf. ".repeat(100),
    }));
    const reply = {
      ...base,
      items,
      question: "q".repeat(300),
      citation: { articleTitle: "T", section: "S", paragraph: 1 },
    };
    expect(embedTotal(reply)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(renderEmbed(reply).fields?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    for (const field of renderEmbed(reply).fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
  });

  it("truncateAtSentence falls back to a word when no sentence ends in time", () => {
    expect(truncateAtSentence("satu dua tiga empat lima", 12)).toBe("satu dua…");
    expect(truncateAtSentence("pendek", 12)).toBe("pendek");
  });
});

/** The characters of `markdown` Discord reads as Markdown: those not escaped by a backslash, outside URLs. */
function liveMarkdown(markdown: string): string[] {
  const live: string[] = [];
  const withoutUrls = markdown.replace(/https?:\/\/[^\s<]+/g, (url) => url.replace(/[^[\]\\]/g, " "));
  for (let i = 0; i < withoutUrls.length; i++) {
    const char = withoutUrls[i] ?? "";
    if (char === "\\") i++;
    else if ("*_~`|[]".includes(char)) live.push(char);
  }
  return live;
}

describe("escaping user text", () => {
  it("leaves no live Markdown character in any text, and keeps what it does not escape", () => {
    const markdownish = fc.string({
      unit: fc.constantFrom(..."*_~`|[]\\#->1. ab@<:/h"),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(markdownish, fc.string({ maxLength: 60 })), (text) => {
        const escaped = escapeUserText(text);
        expect(liveMarkdown(escaped)).toEqual([]);
        // Only escapes and zero-width spaces are added; controls become spaces.
        expect(escaped.replace(/\u200b/g, "").replace(/\\([\\*_~`|[\]#>+\-.])/g, "$1")).toBe(
          text.replace(/\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu, " "),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("breaks every <...> Discord renders: mentions, timestamps, command and navigation links", () => {
    for (const text of ["<@123>", "<t:1700000000:R>", "<id:customize>", "</ask:1>", "<#42>", "<:e:1>"]) {
      expect(escapeUserText(text)).toMatch(/^<\u200b/);
    }
  });

  it.each([
    ["# heading", "\\# heading"],
    ["### heading", "\\### heading"],
    ["- item", "\\- item"],
    ["1. item", "1\\. item"],
    ["> quote", "\\> quote"],
    ["-# subtext", "\\-# subtext"],
    ["see https://example.org/a_b*c", "see https://example.org/a_b*c"],
    ["[x](https://evil.example/[y])", "\\[x\\](https://evil.example/\\[y\\])"],
  ])("escapes %j at the start of a line as %j", (text, escaped) => {
    expect(escapeUserText(text)).toBe(escaped);
  });

  it("neutralises mentions, markdown and controls", () => {
    const escaped = escapeUserText(
      "@everyone @here <@123> <@&456> **bold** `code` ```fence``` \u202eevil\u0000",
    );
    expect(escaped).not.toMatch(/@everyone|@here|<@123>|<@&456>/);
    expect(escaped).toContain("\\*\\*bold\\*\\*");
    expect(escaped).not.toContain("\u202e");
    expect(escaped).not.toContain("\u0000");
  });

  it("every reply disables mention parsing", () => {
    expect(renderReply({ ...base, question: "@everyone hi" }).allowed_mentions).toEqual({ parse: [] });
    expect(renderReply({ ...base, ephemeral: true }).flags).toBe(64);
  });

  it("links the article title when the article has a url", () => {
    const embed = renderEmbed({
      ...base,
      titleUrl: "https://example.org/a",
      citation: {
        articleTitle: "Judul",
        url: "https://example.org/a",
        source: "Sumber",
        section: null,
        paragraph: 2,
      },
    });
    expect(embed.url).toBe("https://example.org/a");
    expect(embed.fields?.[0]?.value).toBe("[Judul](https://example.org/a), Sumber, paragraph 2");
  });
});

describe("withAuthor", () => {
  it("keeps an embed within Discord's 6,000 characters when a page takes its message's author line", () => {
    const fields = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: "x".repeat(990) }));
    const embed = { title: "t", description: "d".repeat(30), fields };
    const size = (e: ReturnType<typeof withAuthor>) =>
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    const kept = withAuthor(embed, { name: "a".repeat(256), url: "https://discord.com/channels/1/2/3" });
    expect(kept.author?.name).toHaveLength(256);
    expect(size(kept)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(kept.fields?.length).toBe(5);
    // The embed it was made from is left as it was (it may be a remembered answer).
    expect(embed.fields).toHaveLength(6);
  });
});
