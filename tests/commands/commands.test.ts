import { describe, expect, it } from "vitest";
import { about } from "../../src/commands/about.js";
import { ask, pageReply } from "../../src/commands/ask.js";
import { decodePageButton, encodePageButton } from "../../src/commands/buttons.js";
import { Cooldown } from "../../src/commands/cooldown.js";
import { help } from "../../src/commands/help.js";
import { COMMANDS, runCommand } from "../../src/commands/index.js";
import { promises } from "../../src/commands/promises.js";
import { suggestQuestions } from "../../src/commands/suggest.js";
import { parseArticle } from "../../src/corpus/parse.js";
import { messages } from "../../src/i18n.js";
import { DISCORD_LIMITS } from "../../src/interactions/limits.js";
import { createLibrary, loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { fixedConfidence } from "../../src/search/confidence.js";

const en = { lang: "en", ephemeral: false } as const;
const id = { lang: "id", ephemeral: false } as const;

describe("commands", async () => {
  const library = await loadLibrary(DEFAULT_CORPUS_DIR);

  describe("ask", () => {
    it("quotes the best paragraph verbatim with its citation and the question", () => {
      const { reply, answered, passageId } = ask(library, "Sekolah apa yang ingin dibangun Alibaba?", en);
      expect(answered).toBe(true);
      expect(passageId).toBe("jack-ma-5-janji:14");
      expect(reply.quote?.text).toBe(library.kb.passage("jack-ma-5-janji:14")?.text);
      expect(reply.citation).toEqual({
        articleTitle: "Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia",
        source: "IDN Times",
        section: "3. Alibaba ingin membangun sekolah berbasis teknologi di Indonesia",
        paragraph: 14,
      });
      expect(reply.question).toBe("Sekolah apa yang ingin dibangun Alibaba?");
      const quote = reply.quote?.text ?? "";
      const bold = (reply.quote?.highlights ?? []).map(([s, e]) => quote.slice(s, e));
      expect(bold).toEqual(expect.arrayContaining(["Alibaba", "membangun", "sekolah"]));
    });

    describe("tiers", () => {
      // A model with no features gives every question probability 0.5: the threshold picks the tier.
      const withThreshold = (answer: number) =>
        createLibrary(library.articles, {
          confidence: fixedConfidence(0.5, answer),
        });
      const question = "Sekolah apa yang ingin dibangun Alibaba?";

      it("quotes an answer it is sure of as the answer", () => {
        const outcome = ask(withThreshold(0.4), question, en);
        expect(outcome).toMatchObject({ answered: true, tier: "answer", confidence: 0.5 });
        expect(outcome.reply).toMatchObject({ tone: "answer", title: "Answer from the article" });
      });

      it("quotes an answer it is unsure of word for word, marked as uncertain, with the alternatives", () => {
        const outcome = ask(withThreshold(0.6), question, id);
        expect(outcome).toMatchObject({ answered: false, tier: "maybe", passageId: "jack-ma-5-janji:14" });
        expect(outcome.reply).toMatchObject({ tone: "maybe", title: "Mungkin ini jawabannya" });
        expect(outcome.reply.text).toMatch(/tidak yakin/);
        expect(outcome.reply.quote?.text).toBe(library.kb.passage("jack-ma-5-janji:14")?.text);
        expect(outcome.reply.citation?.paragraph).toBe(14);
        expect(outcome.reply.items?.length).toBeGreaterThan(0);
        expect(outcome.reply.buttons?.find((b) => !b.disabled)).toBeDefined();
      });

      it("keeps an unsure answer marked when paged back to, and titles the other pages as other matches", () => {
        const unsure = withThreshold(0.6);
        const first = ask(unsure, question, en).reply;
        const next = first.buttons?.find((b) => b.label === messages("en").next)?.id ?? "";
        expect(next).toMatch(/^ask:[\w-]+:1u:/);
        const decoded = decodePageButton(unsure, next);
        if (decoded.kind !== "page") throw new Error(`not a page button: ${decoded.kind}`);
        const second = pageReply(unsure, decoded.request, en);
        expect(second).toMatchObject({ tone: "info", title: "Another matching paragraph" });
        const back = decodePageButton(
          unsure,
          second.buttons?.find((b) => b.label === messages("en").previous)?.id ?? "",
        );
        if (back.kind !== "page") throw new Error(`not a page button: ${back.kind}`);
        expect(pageReply(unsure, back.request, en)).toMatchObject({
          tone: "maybe",
          title: "Possibly the answer",
        });
        // A sure answer's buttons carry no mark, and its first page is the answer again.
        const sure = withThreshold(0.4);
        const sureNext =
          ask(sure, question, en).reply.buttons?.find((b) => b.label === messages("en").next)?.id ?? "";
        expect(sureNext).toMatch(/^ask:[\w-]+:1:/);
        const sureBack = decodePageButton(sure, sureNext.replace(":1:", ":0:"));
        if (sureBack.kind !== "page") throw new Error(`not a page button: ${sureBack.kind}`);
        expect(pageReply(sure, sureBack.request, en)).toMatchObject({ tone: "answer" });
      });

      it("does not promise other paragraphs when only one matches", () => {
        const library1 = createLibrary(
          [
            parseArticle(
              "satu.md",
              new TextEncoder().encode(
                "---\ntitle: Satu\n---\n\nSekolah teknologi dibangun di Bali.\n\nHujan turun.\n",
              ),
            ),
          ],
          { confidence: fixedConfidence(0.5, 0.6) },
        );
        const { reply, tier } = ask(library1, "Di mana sekolah teknologi dibangun?", en);
        expect(tier).toBe("maybe");
        expect(reply.text).toMatch(/only one that matches/);
        // Nothing to page: only the rating buttons.
        expect(reply.buttons?.map((b) => b.label)).toEqual(["Helpful", "Not helpful"]);
      });

      it("says the article does not answer when too little of the question is covered", () => {
        const outcome = ask(withThreshold(0.4), "Siapa presiden Amerika Serikat?", en);
        expect(outcome).toMatchObject({ answered: false, tier: "none", passageId: null });
        expect(outcome.reply.tone).toBe("not-found");
      });

      it('lets "not in the article" be rated, privately asked or not, but not a private notice', () => {
        for (const context of [en, { ...en, ephemeral: true }]) {
          const { reply } = ask(withThreshold(0.4), "Siapa presiden Amerika Serikat?", context);
          expect(reply.buttons?.map((b) => b.label)).toEqual(["Helpful", "Not helpful"]);
        }
        expect(ask(library, "   ", en).reply.buttons ?? []).toEqual([]);
      });
    });

    it("echoes a question cut to the length it reads with an ellipsis", () => {
      const long = `Sekolah apa yang ingin dibangun Alibaba ${"di Indonesia ".repeat(40)}`;
      const { reply } = ask(library, long, en);
      expect(reply.question).toBe(`${long.trim().slice(0, 299)}…`);
      expect(ask(library, "Sekolah apa?", en).reply.question).toBe("Sekolah apa?");
    });

    it("offers the alternatives with paging buttons", () => {
      const { reply } = ask(library, "Double Eleven", en);
      expect(reply.items?.length).toBeGreaterThan(0);
      expect(reply.buttons?.map((b) => [b.label, b.disabled ?? false])).toEqual([
        ["Previous", true],
        ["Other matches", false],
        ["Helpful", false],
        ["Not helpful", false],
      ]);
      expect(reply.footer).toMatch(/^Match 1 of \d$/);
    });

    it("says when the article does not answer, with the closest paragraphs", () => {
      const { reply, answered } = ask(library, "Berapa harga saham Alibaba hari ini?", id);
      expect(answered).toBe(false);
      expect(reply).toMatchObject({
        tone: "not-found",
        title: "Tidak ada di artikel",
        itemsTitle: "Paragraf terdekat",
      });
      expect(reply.quote).toBeUndefined();
    });

    it("asks for a question when given none, privately", () => {
      expect(ask(library, "   ", en).reply).toMatchObject({
        tone: "error",
        ephemeral: true,
        text: expect.stringMatching(/^Write a question/),
      });
    });

    it("answers a question of only emoji or punctuation politely", () => {
      expect(ask(library, "🎉🔥?!", en).reply).toMatchObject({
        tone: "not-found",
        text: expect.stringMatching(/no words/),
      });
    });

    it("cuts a question longer than Discord allows", () => {
      expect(ask(library, `Alibaba ${"x".repeat(1000)}`, en).reply.question).toHaveLength(300);
    });
  });

  describe("page buttons", () => {
    const ids = ["jack-ma-5-janji:30", "jack-ma-5-janji:31", "jack-ma-5-janji:5"];

    it("round-trip through the custom id, which carries no server state", () => {
      const customId = encodePageButton(library, { page: 2, passageIds: ids });
      expect(customId.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(decodePageButton(library, customId)).toEqual({
        kind: "page",
        request: { page: 2, passageIds: ids },
      });
    });

    it("show the chosen page", () => {
      const reply = pageReply(library, { page: 1, passageIds: ids }, en);
      expect(reply.citation?.paragraph).toBe(31);
      expect(reply.footer).toBe("Match 2 of 3");
      // Another match, not the answer: it pages, and is not rated.
      expect(reply.buttons?.map((b) => [b.disabled, b.rating ?? false])).toEqual([
        [false, false],
        [false, false],
      ]);
      // Back on the first page, the answer is rated again, for the passage shown there.
      const first = pageReply(library, { page: 0, passageIds: ids }, en);
      expect(first.buttons?.filter((b) => b.rating).map((b) => b.id.split(":")[3])).toEqual([
        String(library.kb.ordinalOf(ids[0] ?? "")),
        String(library.kb.ordinalOf(ids[0] ?? "")),
      ]);
    });

    it("are stale once the corpus changes", () => {
      const customId = encodePageButton(library, { page: 0, passageIds: ids });
      const other = createLibrary([
        parseArticle("lain.md", new TextEncoder().encode("---\ntitle: Lain\n---\nSatu.\n\nDua.")),
      ]);
      expect(decodePageButton(other, customId)).toEqual({ kind: "stale" });
    });

    it("reject forged ids", () => {
      const v = library.version;
      for (const forged of [
        "ask:",
        `ask:${v}:0:99999`,
        `ask:${v}:5:1.2`,
        `ask:${v}:0:1;2`,
        `ask:${v}:0:${"1.".repeat(40)}1`,
      ]) {
        expect(decodePageButton(library, forged).kind).toBe("invalid");
      }
    });
  });

  describe("promises", () => {
    it("asks which article when several have promises and none is named", () => {
      const kopi = parseArticle(
        "kopi.md",
        new TextEncoder().encode("---\ntitle: Kopi Gayo\n---\n\n## 1. Ekspor naik\n\nEkspor kopi naik.\n"),
      );
      const two = createLibrary([...library.articles, kopi]);
      const reply = promises(two, {}, en);
      expect(reply).toMatchObject({ tone: "info", title: "Which article?" });
      expect(reply.items?.map((i) => i.text)).toEqual(["jack-ma-5-janji", "kopi"]);
      expect(promises(two, { article: "kopi" }, en).title).toBe('The promises in "Kopi Gayo"');
      // One article with promises: no question to ask.
      expect(promises(library, {}, en).title).toMatch(/^The promises in "Ini 5 Janji/);
    });

    it("lists each numbered section with a one-line summary and its citation", () => {
      const reply = promises(library, {}, id);
      expect(reply.items).toHaveLength(5);
      expect(reply.items?.[1]).toMatchObject({
        heading: "Janji 2: Indonesia akan berpartisipasi dalam Double Eleven",
        text: expect.stringMatching(/^Selain pengembangan SDM.*\.$/),
        // The heading names the section; the citation does not repeat it.
        citation: { paragraph: 10, section: null },
      });
    });

    it("shows one promise's full section", () => {
      const reply = promises(library, { number: 4 }, en);
      expect(reply.title).toBe("Promise 4: Produk Indonesia akan dipasarkan saat Singles' Day");
      expect(reply.items?.map((i) => i.heading)).toEqual(
        [22, 23, 24, 25, 26, 27, 28, 29].map((n) => `paragraph ${n}`),
      );
    });

    it("explains a number out of range and an unknown article", () => {
      expect(promises(library, { number: 9 }, en)).toMatchObject({
        ephemeral: true,
        text: "There is no promise number 9. Choose 1 to 5.",
      });
      expect(promises(library, { article: "nope" }, en).text).toMatch(/I don't know the article "nope"/);
      expect(promises(library, { article: "jack-ma-5-janji" }, en).items).toHaveLength(5);
    });
  });

  it("about lists each article with its source, paragraph count and the slug /promises takes", () => {
    expect(about(library, id).items).toEqual([
      {
        heading: "Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia",
        text: "IDN Times · 35 paragraf · jack-ma-5-janji",
      },
    ]);
  });

  it("help gives two example questions in each language", () => {
    const items = help(en, COMMANDS, "discord").items ?? [];
    expect(items.map((i) => i.text.split("\n").length)).toEqual([2, 2]);
  });

  it("help has one line per command, from its spec, in Discord's syntax or the console's", () => {
    const discord = help(id, COMMANDS, "discord").text?.split("\n") ?? [];
    expect(discord).toHaveLength(COMMANDS.length);
    expect(discord[0]).toMatch(/^`\/tanya pertanyaan:`/);
    const console = help(en, COMMANDS, "console").text ?? "";
    expect(console).toContain("`/promises 3`");
    expect(console).toContain("`/next`");
    expect(console).not.toContain("private:True");
  });

  it("every command's spec runs through runCommand, and each spec's names are Discord-valid", () => {
    for (const spec of COMMANDS) {
      for (const name of [
        ...Object.values(spec.names),
        ...spec.options.flatMap((o) => Object.values(o.names)),
      ]) {
        expect(name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      }
    }
    expect(runCommand(library, { name: "help" }, en).reply.title).toBe("How to use tanya-artikel");
    expect(runCommand(library, { name: "promises", number: 2 }, en).reply.title).toMatch(/^Promise 2:/);
  });

  it("suggests section titles and vocabulary completions within Discord's limits", () => {
    expect(suggestQuestions(library, "")).toHaveLength(5);
    const typed = suggestQuestions(library, "sekolah");
    expect(typed[0]).toBe("Alibaba ingin membangun sekolah berbasis teknologi di Indonesia");
    expect(suggestQuestions(library, "x".repeat(500)).every((s) => s.length <= 100)).toBe(true);
  });
});

describe("Cooldown", () => {
  it("allows `limit` questions per window, then says how long to wait", () => {
    const cooldown = new Cooldown(2, 1000);
    expect(cooldown.take("u", 0)).toBe(0);
    expect(cooldown.take("u", 100)).toBe(0);
    expect(cooldown.take("u", 200)).toBe(800);
    expect(cooldown.take("other", 200)).toBe(0);
    expect(cooldown.take("u", 1001)).toBe(0);
  });

  it("forgets quiet users", () => {
    const cooldown = new Cooldown(1, 1000);
    for (let i = 0; i < 100; i += 1) cooldown.take(`user${i}`, 0);
    cooldown.take("late", 5000);
    expect(cooldown.trackedUsers).toBe(1);
  });
});

describe("English questions in /ask", async () => {
  const library = await loadLibrary(DEFAULT_CORPUS_DIR);

  it("set the Indonesian words their translations matched in bold", () => {
    const { reply } = ask(library, "What school does Alibaba want to build?", {
      lang: "en",
      ephemeral: false,
    });
    const quote = reply.quote?.text ?? "";
    const bold = (reply.quote?.highlights ?? []).map(([s, e]) => quote.slice(s, e));
    // "membangun" shares its stem with "bangun", the translation of "build": only the translation finds it.
    expect(bold).toEqual(expect.arrayContaining(["sekolah", "Alibaba", "membangun"]));
  });
});
