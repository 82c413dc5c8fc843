import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/reply.js";
import { renderText, stripTerminalControls } from "../../src/console/render.js";

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** What corpus text can carry to a terminal: a title change, a screen clear, 8-bit CSI, a bell, bidi. */
const HOSTILE =
  "\u001b]0;pwned\u0007\u001b[2J\u001b[H\u009b31m\u0007\u202eA\u001bPq#0\u001b\\\u0090x\u009c\u0008Z";

/** Controls (C0 but newline, DEL, C1) and bidi overrides: none may reach the terminal. */
const CONTROL = /(?!\n)\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

function hostileReply(): Reply {
  const quote = `Paragraf ${HOSTILE} pemimpin teknologi.`;
  const start = quote.indexOf("pemimpin");
  return {
    lang: "en",
    ephemeral: false,
    tone: "answer",
    title: `Judul ${HOSTILE}`,
    titleUrl: `https://example.org/${HOSTILE}`,
    text: `Teks ${HOSTILE}`,
    question: `Siapa ${HOSTILE}\nlagi?`,
    quote: { text: quote, highlights: [[start, start + "pemimpin".length]] },
    citation: { articleTitle: `T ${HOSTILE}`, source: `S ${HOSTILE}`, section: `B ${HOSTILE}`, paragraph: 3 },
    itemsTitle: `Lain ${HOSTILE}`,
    items: [
      {
        heading: `H ${HOSTILE}`,
        text: `Isi ${HOSTILE}\nbaris dua`,
        citation: { articleTitle: `T ${HOSTILE}`, section: null, paragraph: 4 },
      },
    ],
    footer: `F ${HOSTILE}`,
  };
}

describe("console output of corpus and user text", () => {
  it("carries no control characters or escape sequences, anywhere", () => {
    const out = renderText(hostileReply());
    expect(out).not.toMatch(CONTROL);
    expect(out).not.toContain("]0;pwned"); // the whole sequence goes, not only its ESC
    expect(out).not.toContain("[2J");
    expect(out).toContain("\n    baris dua"); // newlines in item text are kept
    expect(out).toMatch(/^\? Siapa .*lagi\?$/m); // the question stays on its line
  });

  it("keeps its own bold, around the right words, and nothing else", () => {
    const out = renderText(hostileReply(), { color: true });
    expect(out).toContain(`${BOLD}pemimpin${RESET}`);
    expect(out.split(BOLD).join("").split(RESET).join("")).not.toMatch(CONTROL);
  });

  it("leaves ordinary text alone", () => {
    const out = renderText({
      lang: "en",
      ephemeral: false,
      tone: "info",
      title: "Judul — “kutipan” é 中文",
      text: "Baris satu\nbaris dua",
    });
    expect(out).toBe("== Judul — “kutipan” é 中文 ==\nBaris satu\nbaris dua\n");
  });
});

describe("console quotes", () => {
  const reply = (text: string) =>
    renderText({ lang: "en", ephemeral: false, tone: "answer", title: "T", quote: { text, highlights: [] } });

  it("wraps a paragraph in quotation marks, unless it opens with its own", () => {
    expect(reply("Jack Ma berjanji.")).toContain("\n“Jack Ma berjanji.”\n");
    expect(reply('"Kami perlu sekali," kata Darmin.')).toContain('\n"Kami perlu sekali," kata Darmin.\n');
    expect(reply("“Kami bergandengan tangan,” ujar Jack Ma.")).not.toContain("““");
  });
});

describe("stripTerminalControls", () => {
  it("removes escape sequences whole and control characters, keeping newlines and ordinary text", () => {
    expect(stripTerminalControls("a\u001b]0;judul\u0007b\u001b[31mc\u009b2Jd\u202ee\nf\tg")).toBe(
      "abcde\nfg",
    );
    expect(stripTerminalControls("Berita — “kutipan” é")).toBe("Berita — “kutipan” é");
  });

  it("neither escapes nor cuts, unlike printable for error lines", () => {
    const long = "x".repeat(1_000);
    expect(stripTerminalControls(long)).toBe(long);
  });
});
