import { describe, expect, it } from "vitest";
import { escapeControls, MAX_SHOWN_CHARS, printable } from "../src/printable.js";

describe("escapeControls", () => {
  it("shows control characters as JSON-style escapes, so a name cannot rewrite the terminal", () => {
    expect(escapeControls("a\u001b[31mb\u001b]0;title\u0007")).toBe("a\\u001b[31mb\\u001b]0;title\\u0007");
    // C1: a lone U+009B is a CSI on many terminals; DEL and NUL too.
    expect(escapeControls("\u009b2J\u007f\u0000")).toBe("\\u009b2J\\u007f\\u0000");
    expect(escapeControls("line\nnext\ttab\rback")).toBe("line\\nnext\\ttab\\rback");
  });

  it("escapes bidi overrides and isolates, which reorder what is shown", () => {
    expect(escapeControls("gpj.\u202eexe")).toBe("gpj.\\u202eexe");
    expect(escapeControls("\u202a\u202b\u202c\u202d \u2066\u2067\u2068\u2069")).toBe(
      "\\u202a\\u202b\\u202c\\u202d \\u2066\\u2067\\u2068\\u2069",
    );
    expect(escapeControls("\u200e\u200f\u061c\u2028\u2029")).toBe("\\u200e\\u200f\\u061c\\u2028\\u2029");
  });

  it("escapes a lone surrogate and keeps paired ones", () => {
    expect(escapeControls("a\ud800b 😀")).toBe("a\\ud800b 😀");
  });

  it("keeps ordinary text as it is, accents, other scripts and backslashes included", () => {
    const text = "Berita Satu – café/日本語/ملف\\a.md";
    expect(escapeControls(text)).toBe(text);
  });
});

describe("printable", () => {
  it("escapes, and caps what it shows, marking the cut", () => {
    expect(printable("a\u001bb")).toBe("a\\u001bb");
    const long = "x".repeat(10_000);
    expect(printable(long)).toBe(`${"x".repeat(MAX_SHOWN_CHARS)}…`);
    expect(printable(long, 5)).toBe("xxxxx…");
    expect(printable("xxxxx", 5)).toBe("xxxxx");
  });

  it("never cuts an escape or a surrogate pair in half", () => {
    expect(printable("abcd\u001b", 6)).toBe("abcd…");
    expect(printable("abcd😀", 5)).toBe("abcd…");
    expect(printable("abc😀", 5)).toBe("abc😀");
  });
});
