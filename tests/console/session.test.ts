import { Readable, Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { ask } from "../../src/commands/ask.js";
import { parseConsoleLine, runConsole } from "../../src/console/console.js";
import { displayWidth } from "../../src/console/wrap.js";
import { type Lang, messages } from "../../src/i18n.js";
import { type Library, loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";

let library: Library;
beforeAll(async () => {
  library = await loadLibrary(DEFAULT_CORPUS_DIR);
});

/** Where the console writes: a pipe, or a terminal of `columns` columns. */
function sink(terminal?: { columns: number }): Writable & { text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text, ...(terminal ? { isTTY: true, ...terminal } : {}) });
}

/** Types `lines` into a piped console (or one writing to a terminal) and returns what it printed. */
async function session(
  lang: Lang,
  lines: readonly string[],
  terminal?: { columns: number },
): Promise<string> {
  const output = sink(terminal);
  await runConsole({
    library,
    lang,
    input: Readable.from([lines.map((l) => `${l}\n`).join("")]),
    output,
    errors: sink(),
    log: captureLogger().log,
    interactive: false,
  });
  return output.text();
}

/** Runs of whitespace read as one space: wrapping may change them, nothing else. */
const flat = (text: string): string => text.replace(/\s+/g, " ");

/** The start of every reply that says the line was not understood or could not be done. */
function usageErrors(lang: Lang): string[] {
  const t = messages(lang);
  const before = (text: string, mark: string): string => text.slice(0, text.indexOf(mark));
  return [
    before(t.unknownCommand("\u0000"), "\u0000"),
    before(t.unknownArticle("\u0000"), "\u0000"),
    before(t.noSuchPromise(987, 654), "987"),
    t.emptyQuestion,
    t.consoleRateUsage,
    t.consoleNothingToRate,
    t.consoleNothingToPage,
  ].map(flat);
}

/** Everything /help shows in backquotes, and its example questions. */
function helpExamples(lang: Lang, help: string): { commands: string[]; questions: string[] } {
  const [lines = "", examples = ""] = help.split(`\n${messages(lang).helpExamples}:\n`);
  const commands = [...flat(lines).matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? "").trim());
  const questions = examples
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("•"));
  return { commands, questions };
}

describe.each(["en", "id"] as const)("every example the console's /help shows works (%s)", (lang) => {
  it("runs each advertised command and question without a usage error", async () => {
    const t = messages(lang);
    const help = await session(lang, ["/help"]);
    const { commands, questions } = helpExamples(lang, help);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    expect(questions).toHaveLength(4);
    // Paging and rating need an answer with several matches, one page in: that is where /help's
    // user would type them.
    const before = ["Kapan Double Eleven?", lang === "id" ? "/lanjut" : "/next"];
    const baseline = await session(lang, before);
    for (const example of commands) {
      const shown = flat((await session(lang, [...before, example])).slice(baseline.length));
      if (parseConsoleLine(example) === "quit") {
        expect(shown, example).toBe("");
        continue;
      }
      expect(shown, example).not.toBe("");
      for (const error of usageErrors(lang)) expect(shown, example).not.toContain(error);
    }
    for (const question of questions) {
      const shown = await session(lang, [question]);
      expect(shown, question).toMatch(new RegExp(`^== (${t.answerTitle}|${t.maybeTitle}) ==`));
    }
  });
});

describe("the console's /help", () => {
  it("names a real article in its /promises article: example", async () => {
    const help = flat(await session("en", ["/help"]));
    const slug = library.articles[0]?.slug ?? "";
    expect(help).toContain(`\`/promises article:${slug} 3\``);
  });
});

describe("/prev at the first match and /next at the last", () => {
  it("says there is no earlier or later match, in English", async () => {
    const out = flat(
      await session("en", ["Kapan Double Eleven?", "/prev", "/next", "/next", "/next", "/next", "/next"]),
    );
    expect(out).toContain("This is the first match: there is no earlier one. Type /next for the next.");
    expect(out).toContain("This is the last match: there is no later one. Type /prev for the previous.");
    expect(out).not.toContain(messages("en").consoleNothingToPage);
    // Saying so leaves the answer where it was: /next then goes to the second match.
    expect(flat(await session("en", ["Kapan Double Eleven?", "/prev", "/next"]))).toContain("[Match 2 of 5");
  });

  it("says there is no earlier or later match, in Indonesian", async () => {
    const out = flat(await session("id", ["Kapan Double Eleven?", "/kembali", ...Array(5).fill("/lanjut")]));
    expect(out).toContain(
      "Ini hasil pertama: tidak ada hasil sebelumnya. Ketik /lanjut untuk hasil berikutnya.",
    );
    expect(out).toContain(
      "Ini hasil terakhir: tidak ada hasil sesudahnya. Ketik /kembali untuk hasil sebelumnya.",
    );
    expect(out).not.toContain(messages("id").consoleNothingToPage);
  });

  it("says an answer with one match has nothing to page through", async () => {
    const out = await session("en", ["Apa itu Taobao?", "/next"]);
    expect(out).toContain("[Match 1 of 1]");
    expect(out).toContain("This answer has only one match: there is nothing to page through.");
  });
});

describe("the console speaks of typing, not clicking", () => {
  const script = (lang: Lang): string[] => {
    const [next, prev, rate, up, down] =
      lang === "id"
        ? ["/lanjut", "/kembali", "/nilai", "ya", "tidak"]
        : ["/next", "/prev", "/rate", "up", "down"];
    return [
      "/help",
      next,
      "Siapa Darmin?", // a "maybe" answer with other matches: Discord's text says they are a click away
      prev,
      next,
      prev,
      `${rate} ${up}`,
      `${rate} ${down}`,
      rate,
      "/about",
      "/promises",
      "/promises 3",
      "/promises 9",
      "/promises article:nope",
      "Resep nasi goreng?",
      next,
      "/nope",
      "",
    ];
  };

  it.each(["en", "id"] as const)("has no Discord wording in a whole session (%s)", async (lang) => {
    const out = await session(lang, script(lang));
    expect(out).toContain(`== ${messages(lang).maybeTitle} ==`);
    expect(out).toContain(messages(lang).ratingThanks.slice(0, 8)); // the thanks is there...
    expect(out).not.toMatch(/click|klik|tombol|button/i); // ...without "click again"
  });

  it("tells the unsure answer's reader to type /next, in both languages", async () => {
    expect(flat(await session("en", ["Siapa Darmin?"]))).toContain(
      "I am not sure this paragraph answers your question. Other paragraphs are below; type /next to see them.",
    );
    expect(flat(await session("id", ["Siapa Darmin?"]))).toContain(
      "Saya tidak yakin paragraf ini menjawab pertanyaan Anda. Paragraf lain ada di bawah; ketik /lanjut untuk melihatnya.",
    );
  });
});

describe("console output is wrapped", () => {
  const question = "Berapa defisit neraca perdagangan Indonesia dan Tiongkok?";

  it.each([
    ["a pipe", undefined, 80],
    ["a 40-column terminal", { columns: 40 }, 40],
  ] as const)("to %s's width, the quoted paragraph's words kept", async (_name, terminal, width) => {
    const out = await session("en", [question, "/help", "/about", "/promises 3", "/rate up"], terminal);
    const quote = ask(library, question, { lang: "en", ephemeral: false }).reply.quote?.text ?? "";
    expect(quote.length).toBeGreaterThan(width);
    expect(flat(out)).toContain(flat(quote));
    for (const line of out.split("\n")) {
      // A single word longer than the width (a URL) is left whole for the terminal to fold.
      if (/\s\S/.test(line.trim())) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    }
    expect(out.split("\n").some((line) => displayWidth(line) > width - 15)).toBe(true); // the width is used
  });
});
