import { describe, expect, it } from "vitest";
import { displayWidth, terminalWidth, wrapText } from "../../src/console/wrap.js";

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** The words of a text, whatever whitespace is between them. */
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

const PARAGRAPH =
  "Badan Pusat Statistik (BPS) mencatat defisit neraca perdagangan Indonesia dan Tiongkok sebesar 8,1 miliar dolar AS pada periode Januari-Mei 2018.";

describe("displayWidth", () => {
  it("counts columns, not UTF-16 units", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("“kutipan” — é")).toBe(13);
    expect(displayWidth("e\u0301")).toBe(1); // e + a combining accent is one column
    expect(displayWidth("😀")).toBe(2); // two UTF-16 units, two columns
    expect(displayWidth("👨‍👩‍👧")).toBe(2); // one family emoji (ZWJ sequence), eight UTF-16 units
    expect(displayWidth("中文")).toBe(4);
    expect(displayWidth("ｈ")).toBe(2); // fullwidth Latin
  });

  it("does not count the console's own bold", () => {
    expect(displayWidth(`${BOLD}pemimpin${RESET}`)).toBe(8);
  });
});

describe("wrapText", () => {
  it("breaks at word boundaries within the width, keeping every word as it was", () => {
    const out = wrapText(PARAGRAPH, 30);
    const lines = out.split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(words(out)).toEqual(words(PARAGRAPH));
    // Greedy: no line could have taken the next line's first word.
    for (let i = 0; i + 1 < lines.length; i++) {
      const next = words(lines[i + 1] ?? "")[0] ?? "";
      expect(displayWidth(`${lines[i]} ${next}`)).toBeGreaterThan(30);
    }
  });

  it("changes only whitespace between words: the text without whitespace is the same", () => {
    const out = wrapText(PARAGRAPH, 17);
    expect(out.replace(/\s+/g, "")).toBe(PARAGRAPH.replace(/\s+/g, ""));
    expect(out).not.toMatch(/ \n|\n\n/); // no trailing spaces, no empty lines made up
  });

  it("leaves a short line and the text's own newlines alone", () => {
    expect(wrapText("== Judul ==\n\nBaris dua\n", 80)).toBe("== Judul ==\n\nBaris dua\n");
  });

  it("never splits a word, and puts one longer than the width on a line of its own", () => {
    const url = "https://www.idntimes.com/business/economy/ini-5-janji-kerja-sama-jack-ma";
    const out = wrapText(`Sumber: ${url} dibaca`, 20);
    expect(out.split("\n")).toEqual(["Sumber:", url, "dibaca"]);
  });

  it("measures wide characters and emoji by their columns", () => {
    // Ten emoji words of 2 columns and one space each: at width 11, four per line (4*2 + 3 = 11).
    const out = wrapText(Array(10).fill("😀").join(" "), 11);
    expect(out.split("\n")).toEqual(["😀 😀 😀 😀", "😀 😀 😀 😀", "😀 😀"]);
    const cjk = wrapText("中文 中文 中文", 9);
    expect(cjk.split("\n")).toEqual(["中文 中文", "中文"]);
  });

  it("keeps bold around its words and does not count it", () => {
    const text = `aaaa ${BOLD}bbbb${RESET} cccc dddd`;
    expect(wrapText(text, 14)).toBe(`aaaa ${BOLD}bbbb${RESET} cccc\ndddd`);
  });

  it("indents a wrapped line under its own text: list items, citations, questions", () => {
    const item = wrapText('  • paragraph 28, section "4. Produk Indonesia akan dipasarkan"', 30);
    expect(item.split("\n")).toEqual([
      '  • paragraph 28, section "4.',
      "    Produk Indonesia akan",
      '    dipasarkan"',
    ]);
    const body = wrapText("    Pemerintah, kata Darmin, saat ini sedang menyiapkan", 30);
    expect(body.split("\n")).toEqual(["    Pemerintah, kata Darmin,", "    saat ini sedang menyiapkan"]);
    const cited = wrapText("— Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia, IDN Times", 30);
    expect(cited.split("\n")).toEqual([
      "— Ini 5 Janji Kerja Sama Jack",
      "  Ma kepada Indonesia, IDN",
      "  Times",
    ]);
  });
});

describe("terminalWidth", () => {
  it("is a terminal's columns, and 80 for anything that is not a terminal", () => {
    expect(terminalWidth({ isTTY: true, columns: 57 })).toBe(57);
    expect(terminalWidth({ isTTY: false, columns: 57 })).toBe(80);
    expect(terminalWidth({})).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 0 })).toBe(80); // a terminal that does not say
  });
});
