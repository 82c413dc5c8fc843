import { describe, expect, it } from "vitest";
import { COOLDOWN_COST, Cooldown } from "../../src/commands/cooldown.js";
import { MAX_SUGGESTIONS, suggestionWork, suggestQuestions } from "../../src/commands/suggest.js";
import { keyPoints } from "../../src/corpus/types.js";
import { createLibrary, loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { MAX_SUGGEST_TERMS } from "../../src/search/knowledge-base.js";

const shipped = await loadLibrary(DEFAULT_CORPUS_DIR);
const titleCount = shipped.articles.flatMap(keyPoints).length;

/** What one call costs, read from the autocomplete counters. */
function cost(run: () => unknown): { titlesFolded: number; titleChecks: number } {
  const before = { ...suggestionWork };
  run();
  return {
    titlesFolded: suggestionWork.titlesFolded - before.titlesFolded,
    titleChecks: suggestionWork.titleChecks - before.titleChecks,
  };
}

describe("autocomplete does bounded work", () => {
  it("folds a library's section titles once, not once per typed word and keystroke", () => {
    const library = createLibrary(shipped.articles);
    const typed = "Berapa pemimpin teknologi yang ingin dicetak Jack Ma";
    const { titlesFolded } = cost(() => {
      for (let end = 1; end <= typed.length; end += 1) suggestQuestions(library, typed.slice(0, end));
    });
    expect(titlesFolded).toBe(titleCount);
  });

  it("compares each title with at most a few distinct words, however much is typed", () => {
    suggestQuestions(shipped, "");
    // 10 KB of one word: every title holds `a`, so each was compared with all 5,000 copies.
    expect(cost(() => suggestQuestions(shipped, "a ".repeat(5_000))).titleChecks).toBeLessThanOrEqual(
      titleCount,
    );
    const distinct = Array.from({ length: 2_000 }, (_, i) => `a${i}`).join(" ");
    expect(cost(() => suggestQuestions(shipped, distinct)).titleChecks).toBeLessThanOrEqual(
      titleCount * MAX_SUGGEST_TERMS,
    );
  });

  it("reads no further than a question may be long (300 characters)", () => {
    // What lies past the cut is not typed as far as suggestions go: the titles, as for nothing typed.
    expect(suggestQuestions(shipped, `${" ".repeat(300)}sekolah`)).toEqual(suggestQuestions(shipped, ""));
  });

  it("still suggests the matching title first, then completions, within Discord's limits", () => {
    const typed = suggestQuestions(shipped, "sekolah sekolah");
    expect(typed[0]).toBe("Alibaba ingin membangun sekolah berbasis teknologi di Indonesia");
    expect(typed.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(suggestQuestions(shipped, "pemimp").some((s) => /pemimpin/.test(s))).toBe(true);
  });
});

describe("the per-user budget", () => {
  it("counts a suggestion as a small share of a question, so a flood of them runs out", () => {
    const cooldown = new Cooldown(1, 1000);
    const perQuestion = COOLDOWN_COST.question / COOLDOWN_COST.suggestion;
    for (let i = 0; i < perQuestion; i += 1) {
      expect(cooldown.take("u", i / 2, COOLDOWN_COST.suggestion)).toBe(0);
    }
    const last = (perQuestion - 1) / 2;
    expect(cooldown.take("u", 100, COOLDOWN_COST.suggestion)).toBe(900); // the first (at 0) frees one share
    // A question needs every suggestion's share back: when the last leaves the window.
    expect(cooldown.take("u", 100)).toBe(last + 1000 - 100);
    expect(cooldown.take("other", 100, COOLDOWN_COST.suggestion)).toBe(0);
    expect(cooldown.take("u", 1001, COOLDOWN_COST.suggestion)).toBe(0);
  });

  it("lets typing a question cost no more than a fifth of one", () => {
    expect(40 * COOLDOWN_COST.suggestion).toBeLessThanOrEqual(COOLDOWN_COST.question / 5);
  });

  it("keeps each user's record short however many suggestions pass through it", () => {
    const cooldown = new Cooldown(1, 100);
    for (let t = 0; t < 100_000; t += 1) cooldown.take("u", t, COOLDOWN_COST.suggestion);
    // Entries live for one window (100 ms): about 100 at a time, not 100,000.
    expect(cooldown.trackedEntries).toBeLessThan(300);
  });

  it("keeps the question limit as it was", () => {
    const cooldown = new Cooldown(2, 1000);
    expect(cooldown.take("u", 0)).toBe(0);
    expect(cooldown.take("u", 100)).toBe(0);
    expect(cooldown.take("u", 200)).toBe(800);
    expect(cooldown.take("u", 1001)).toBe(0);
  });
});
