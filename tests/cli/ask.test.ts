import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

const ASK = "src/cli/ask.ts";

/** The `--jsonl` contract's top-level fields: answered only in the answer tier, a probability for confidence. */
function expectJsonAnswerFields(answer: { answered: unknown; tier: unknown; confidence: number }): void {
  expect(Object.keys(answer)).toEqual(["question", "answered", "confidence", "tier", "results"]);
  expect(typeof answer.answered).toBe("boolean");
  expect(["answer", "maybe", "none"]).toContain(answer.tier);
  expect(answer.answered).toBe(answer.tier === "answer");
  expect(answer.confidence).toBeGreaterThanOrEqual(0);
  expect(answer.confidence).toBeLessThanOrEqual(1);
}

describe("npm run ask", () => {
  it("quotes the answering paragraph with its citation", async () => {
    const { code, stdout } = await runScript(ASK, [
      "Berapa defisit neraca perdagangan Indonesia dan Tiongkok?",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^== Answer from the article ==\n\? Berapa defisit/);
    expect(stdout).toMatch(/\n“.*defisi neraca perdagangan Indonesia dan Tiongkok sebesar 8,1 miliar.*”\n/);
    expect(stdout).toContain(
      '— Ini 5 Janji Kerja Sama Jack Ma kepada Indonesia, IDN Times, section "4. Produk Indonesia akan dipasarkan saat Singles\' Day", paragraph 29',
    );
    expect(stdout).toContain("Other matches:");
  });

  it("says clearly when the article does not answer", async () => {
    const { code, stdout } = await runScript(ASK, ["Siapa presiden Amerika Serikat?"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^== Not in the article ==/);
    expect(stdout).toContain("The article does not answer this question.");
  });

  it("explains a missing question without a stack trace", async () => {
    const { code, stderr } = await runScript(ASK, []);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Give a question/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("names a broken corpus file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    await writeFile(join(dir, "rusak.md"), "no front matter here");
    const { code, stderr } = await runScript(ASK, ["--corpus", dir, "apa"]);
    expect(code).toBe(1);
    expect(stderr).toContain("rusak.md: does not start with front matter");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("npm run ask -- --jsonl", () => {
  const questions = ["Kapan Double Eleven?", "", "Resep nasi goreng?", "Alibaba"];

  it("writes one JSON answer per question and nothing else on stdout", async () => {
    const { code, stdout } = await runScript(ASK, ["--jsonl", "--top", "2"], { input: questions.join("\n") });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3); // blank lines are skipped
    const answers = lines.map((line) => JSON.parse(line));
    expect(answers.map((a) => a.question)).toEqual(["Kapan Double Eleven?", "Resep nasi goreng?", "Alibaba"]);
    for (const answer of answers) {
      expectJsonAnswerFields(answer);
      expect(answer.results.length).toBeLessThanOrEqual(2);
      for (const result of answer.results) {
        expect(Object.keys(result)).toEqual([
          "passageId",
          "articleTitle",
          "section",
          "paragraph",
          "text",
          "score",
        ]);
        expect(result.passageId).toMatch(/^jack-ma-5-janji:\d+$/);
        expect(result.section === null || typeof result.section === "string").toBe(true);
        expect(Number.isInteger(result.paragraph)).toBe(true);
        expect(typeof result.score).toBe("number");
      }
    }
    expect(answers[0].answered).toBe(true);
    expect(answers[0].results[0].text).toContain("Double Eleven");
    expect(answers[1]).toMatchObject({ answered: false, results: [] });
  });

  it("defaults to three results and reads another corpus with --corpus", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    await writeFile(
      join(dir, "kopi.md"),
      "---\ntitle: Kopi\n---\nKopi Gayo dari Aceh.\n\nKopi Toraja dari Sulawesi.\n\nKopi Kintamani dari Bali.\n\nKopi Java.",
    );
    const { stdout } = await runScript(ASK, ["--jsonl", "--corpus", dir], { input: "kopi\n" });
    const answer = JSON.parse(stdout);
    expect(answer.results).toHaveLength(3);
    expect(answer.results[0].articleTitle).toBe("Kopi");
  });

  it("answers a question whose words name Object.prototype properties", async () => {
    const input = ["Kapan Double Eleven?", "Who are the constructors?", "Alibaba"].join("\n");
    const { code, stdout, stderr } = await runScript(ASK, ["--jsonl"], { input });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const answers = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(answers.map((a) => a.question)).toEqual([
      "Kapan Double Eleven?",
      "Who are the constructors?",
      "Alibaba",
    ]);
    for (const answer of answers) {
      expectJsonAnswerFields(answer);
    }
  });

  it("writes an error line for a question that fails, answers the rest, and exits 1", async () => {
    const preload = fileURLToPath(new URL("../fixtures/fail-on-marked-question.mjs", import.meta.url));
    const input = ["Kapan Double Eleven?", "Alibaba FAIL_ON_THIS_QUESTION", "Alibaba"].join("\n");
    const { code, stdout, stderr } = await runScript(ASK, ["--jsonl"], {
      input,
      nodeOptions: `--import "${preload}"`,
    });
    const answers = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(3);
    expect(answers[0]).toMatchObject({ question: "Kapan Double Eleven?", answered: true });
    expect(answers[1]).toEqual({ question: "Alibaba FAIL_ON_THIS_QUESTION", error: "injected failure" });
    expect(answers[2]).toMatchObject({ question: "Alibaba" });
    expect(answers[2].results.length).toBeGreaterThan(0);
    expect(stderr).toContain("injected failure"); // the details, for whoever runs it
    expect(code).toBe(1); // a batch with a failed line does not pass for a clean one
  });

  it("rejects a bad --top", async () => {
    const { code, stderr } = await runScript(ASK, ["--jsonl", "--top", "0"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--top must be a whole number/);
  });
});

describe("command-line mistakes", () => {
  it("an unknown option prints what is wrong and the usage, without a stack trace", async () => {
    for (const script of ["src/cli/ask.ts", "src/cli/eval.ts"]) {
      const { code, stdout, stderr } = await runScript(script, ["--bogus"]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^Unknown option '--bogus'/);
      expect(stderr).toMatch(/\n\nUsage:/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
