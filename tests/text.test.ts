import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutAt, firstSentence, truncateAtSentence, truncateAtWord } from "../src/text.js";

/** Words of letters, spaces, full stops and characters outside the BMP (two UTF-16 units each). */
const text = fc
  .array(fc.constantFrom("a", "b", " ", ".", "😀", "𝔸", "é", "\u{1F469}\u200D\u{1F4BB}"), { maxLength: 120 })
  .map((parts) => parts.join(""));

describe("cutting text never splits a character in two", () => {
  it("cutAt drops a high surrogate left without its pair", () => {
    expect(cutAt("ab😀cd", 3)).toBe("ab");
    expect(cutAt("ab😀cd", 4)).toBe("ab😀");
    expect(cutAt("ab", 10)).toBe("ab");
  });

  it.each([
    ["truncateAtWord", truncateAtWord],
    ["truncateAtSentence", truncateAtSentence],
    ["firstSentence", firstSentence],
  ])("%s keeps every character whole and within max", (_, cut) => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 100 }), (input, max) => {
        const out = cut(input, max);
        expect(out.isWellFormed()).toBe(true);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 2));
      }),
      { numRuns: 2_000 },
    );
  });

  it("truncateAtWord on a run of emoji cut mid-pair", () => {
    const out = truncateAtWord("😀".repeat(50), 10);
    expect(out.isWellFormed()).toBe(true);
    expect(out).toBe(`${"😀".repeat(4)}…`);
  });
});
