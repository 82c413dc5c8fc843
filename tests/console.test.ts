import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConsoleLine } from "../src/console/console.js";
import { readFeedback } from "../src/feedback/tally.js";
import { terminalLang } from "../src/i18n.js";
import { runScript } from "./helpers/run-script.js";

describe("parseConsoleLine", () => {
  it("reads commands in both languages, and anything else as a question", () => {
    expect(parseConsoleLine("/ask Kapan Double Eleven?")).toEqual({
      name: "ask",
      question: "Kapan Double Eleven?",
    });
    expect(parseConsoleLine("/tanya siapa")).toEqual({ name: "ask", question: "siapa" });
    expect(parseConsoleLine("/janji 3")).toEqual({ name: "promises", number: 3, article: undefined });
    expect(parseConsoleLine("/promises jack-ma-5-janji")).toEqual({
      name: "promises",
      number: undefined,
      article: "jack-ma-5-janji",
    });
    expect(parseConsoleLine("/tentang")).toEqual({ name: "about" });
    expect(parseConsoleLine("/bantuan")).toEqual({ name: "help" });
    expect(parseConsoleLine("/quit")).toBe("quit");
    expect(parseConsoleLine("/weather")).toEqual({ unknown: "weather" });
    expect(parseConsoleLine("Siapa Darmin?")).toEqual({ name: "ask", question: "Siapa Darmin?" });
  });

  it("accepts Discord's name:value options, in either language and any order", () => {
    expect(parseConsoleLine("/promises number:3")).toEqual({
      name: "promises",
      number: 3,
      article: undefined,
    });
    expect(parseConsoleLine("/janji nomor: 2 artikel: kopi-gayo-ekspor")).toEqual({
      name: "promises",
      number: 2,
      article: "kopi-gayo-ekspor",
    });
    expect(parseConsoleLine("/promises kopi-gayo-ekspor 2")).toEqual({
      name: "promises",
      number: 2,
      article: "kopi-gayo-ekspor",
    });
    expect(parseConsoleLine("/ask question: Kapan Double Eleven? private:True")).toEqual({
      name: "ask",
      question: "Kapan Double Eleven?",
    });
    expect(parseConsoleLine("/tanya pertanyaan:siapa Darmin")).toEqual({
      name: "ask",
      question: "siapa Darmin",
    });
    // A plain line is a question as typed, colons and all.
    expect(parseConsoleLine("Apa arti private:True?")).toEqual({
      name: "ask",
      question: "Apa arti private:True?",
    });
  });

  it("reads a number after a named article as the plain number, as /help shows it", () => {
    expect(parseConsoleLine("/promises article:jack-ma-5-janji 3")).toEqual({
      name: "promises",
      number: 3,
      article: "jack-ma-5-janji",
    });
    expect(parseConsoleLine("/janji artikel: Ini 5 Janji Kerja Sama 2")).toEqual({
      name: "promises",
      number: 2,
      article: "Ini 5 Janji Kerja Sama",
    });
    // Named, the number wins over a plain one.
    expect(parseConsoleLine("/promises number:2 article:jack-ma-5-janji 3")).toEqual({
      name: "promises",
      number: 2,
      article: "jack-ma-5-janji",
    });
    // A command without a number option keeps its text whole.
    expect(parseConsoleLine("/ask question: berapa persen di 2018")).toEqual({
      name: "ask",
      question: "berapa persen di 2018",
    });
  });

  it("reads /rate up|down, in either language", () => {
    expect(parseConsoleLine("/rate up")).toEqual({ rate: "up" });
    expect(parseConsoleLine("/rate DOWN")).toEqual({ rate: "down" });
    expect(parseConsoleLine("/nilai ya")).toEqual({ rate: "up" });
    expect(parseConsoleLine("/nilai tidak")).toEqual({ rate: "down" });
    expect(parseConsoleLine("/rate")).toEqual({ rate: undefined });
    expect(parseConsoleLine("/rate maybe")).toEqual({ rate: undefined });
  });

  it("reads paging commands", () => {
    expect(parseConsoleLine("/next")).toEqual({ page: "next" });
    expect(parseConsoleLine("/lanjut")).toEqual({ page: "next" });
    expect(parseConsoleLine("/prev")).toEqual({ page: "prev" });
    expect(parseConsoleLine("/kembali")).toEqual({ page: "prev" });
  });
});

describe("the console's output", () => {
  it("prints an unknown command's name without the terminal codes in it", async () => {
    const { stdout } = await runScript("src/main.ts", [], { input: "/x\u001b]0;owned\u0007y\n" });
    expect(stdout).toContain("I don't know the command /xy. Try /help.");
    expect(stdout).not.toContain("\u001b");
  });
});

describe("console paging after an answer with nothing to page", () => {
  it("does not page the question before", async () => {
    const input = ["Kapan Double Eleven?", "Resep nasi goreng?", "/next", ""].join("\n");
    const { stdout } = await runScript("src/main.ts", [], { input });
    expect(stdout).toContain("== Not in the article ==");
    expect(stdout).toContain("There is no answer to page through yet. Ask a question first.");
    expect(stdout).not.toContain("[Match 2 of");
  });
});

describe("the console's language", () => {
  it("follows LC_ALL, then LC_MESSAGES, then LANG, then LANGUAGE", () => {
    expect(terminalLang({ LC_ALL: "id_ID.UTF-8", LANG: "en_US.UTF-8" })).toBe("id");
    expect(terminalLang({ LC_ALL: "", LC_MESSAGES: "en_GB", LANG: "id_ID.UTF-8" })).toBe("en");
    expect(terminalLang({ LANG: "id_ID.UTF-8" })).toBe("id");
    expect(terminalLang({ LANGUAGE: "id:en" })).toBe("id");
    expect(terminalLang({})).toBe("en");
  });

  it("greets and answers in Indonesian under an Indonesian locale", async () => {
    const { stdout, stderr } = await runScript("src/main.ts", [], {
      input: "/tentang\n",
      env: { LANG: "C", LC_ALL: "id_ID.UTF-8" },
    });
    expect(stderr).toMatch(/^tanya-artikel berjalan lokal/);
    expect(stdout).toContain("== Tentang tanya-artikel ==");
  });
});

describe("the console's own syntax", () => {
  it("pages through the last answer, and says so when there is none, and teaches its own syntax", async () => {
    const input = [
      "/next",
      "Kapan Double Eleven?",
      "/next",
      "/next",
      "/prev",
      "/help",
      "/promises number:3",
      "",
    ].join("\n");
    const { code, stdout } = await runScript("src/main.ts", [], { input });
    expect(code).toBe(0);
    expect(stdout).toContain("There is no answer to page through yet. Ask a question first.");
    const footers = [...stdout.matchAll(/\[Match (\d) of (\d) · \/next, \/prev\]/g)].map((m) => Number(m[1]));
    expect(footers).toEqual([1, 2, 3, 2]);
    expect(stdout).toContain("== Another matching paragraph ==");
    expect(stdout).toContain("`/promises 3` or `/promises number:3`");
    expect(stdout).not.toContain("private:True");
    expect(stdout).toContain(
      "== Promise 3: Alibaba ingin membangun sekolah berbasis teknologi di Indonesia ==",
    );
  });
});

describe("npm start without a token", () => {
  it("runs the local console over piped stdin", async () => {
    const input = [
      "Berapa pemimpin teknologi yang ingin dicetak Jack Ma?",
      "/promises 3",
      "/about",
      "/help",
      "Resep nasi goreng?",
      "/nope",
      "",
    ].join("\n");
    const { code, stdout, stderr } = await runScript("src/main.ts", [], { input });
    expect(code).toBe(0);
    // Piped: the banner goes to stderr, so stdout holds only answers.
    const [firstLine] = stderr.split("\n");
    expect(firstLine).toMatch(/running locally \(no DISCORD_TOKEN set\)/);
    expect(stderr).toMatch(/To connect to Discord, put DISCORD_TOKEN and DISCORD_APPLICATION_ID in \.env/);
    expect(stdout).toMatch(/^== /);
    expect(stdout).toMatch(
      // Wrapped at 80 columns: any whitespace between the quote's words.
      /== (?:Answer from the article|Possibly the answer) ==\n\? Berapa pemimpin[\s\S]*“Tak\s+hanya\s+itu,\s+Jack\s+Ma\s+juga\s+menargetkan\s+setiap\s+tahun\s+dapat\s+mencetak\s+seribu\s+pemimpin\s+teknologi/,
    );
    expect(stdout).toContain(
      "== Promise 3: Alibaba ingin membangun sekolah berbasis teknologi di Indonesia ==",
    );
    expect(stdout).toContain("IDN Times · 35 paragraphs");
    expect(stdout).toContain("== How to use tanya-artikel ==");
    expect(stdout).toContain("== Not in the article ==");
    expect(stdout).toContain("I don't know the command /nope. Try /help.");
    expect(stdout).not.toContain("\u001b["); // no terminal colours when piped
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(2); // the banner, nothing else
  });

  it("explains a bad setting and exits without a stack trace", async () => {
    const { code, stderr } = await runScript("src/main.ts", [], {
      env: { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "" },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Configuration problem:\n {2}- DISCORD_APPLICATION_ID is not set/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("names a broken corpus before anything starts", async () => {
    const { code, stderr } = await runScript("src/main.ts", [], { env: { CORPUS_DIR: "/nonexistent" } });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "Corpus error: /nonexistent: corpus folder not found (set CORPUS_DIR or pass --corpus DIR)\n",
    );
  });
});

describe("/rate in the console", () => {
  it("records the last answer's rating as Discord's buttons do, and says when there is nothing to rate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "console-rate-"));
    const file = join(dir, "feedback.jsonl");
    try {
      const input = ["/rate up", "Kapan Double Eleven?", "/rate down", "/rate sideways", ""].join("\n");
      const { stdout } = await runScript("src/main.ts", [], { input, env: { FEEDBACK_FILE: file } });
      expect(stdout).toContain("There is no answer to rate yet. Ask a question first.");
      expect(stdout).toContain("Thanks! Your rating is recorded");
      expect(stdout).toContain("Type /rate up (helpful) or /rate down (not helpful).");
      const { records, malformed } = readFeedback(await readFile(file, "utf8"));
      expect(malformed).toBe(0);
      expect(records).toEqual([
        expect.objectContaining({
          answer: expect.stringMatching(/^console:.+:1$/),
          question: "Kapan Double Eleven?",
          vote: "down",
          tier: expect.stringMatching(/^(answer|maybe)$/),
          passageId: expect.stringMatching(/^jack-ma-5-janji:\d+$/),
        }),
      ]);
      expect(records[0]?.user).not.toContain("console");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says so when the vote cannot be saved (a symbolic link at FEEDBACK_FILE), writing nothing through it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "console-rate-link-"));
    const file = join(dir, "feedback.jsonl");
    const target = join(dir, "elsewhere.txt");
    try {
      await writeFile(target, "precious\n");
      await symlink(target, file);
      const input = ["Kapan Double Eleven?", "/rate up", ""].join("\n");
      const { code, stdout, stderr } = await runScript("src/main.ts", [], {
        input,
        env: { FEEDBACK_FILE: file },
      });
      expect(code).toBe(0);
      expect(stdout).toContain("Sorry, your rating could not be saved right now. Please try again later.");
      expect(stdout).not.toContain("Thanks! Your rating is recorded");
      expect(stderr).toContain('"event":"feedback_failed"');
      expect(await readFile(target, "utf8")).toBe("precious\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
