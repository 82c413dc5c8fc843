import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FeedbackStore, type RatingInput } from "../../src/feedback/store.js";
import { runNode } from "./run-node.js";

const CLI = "src/cli/feedback.ts";

function vote(overrides: Partial<RatingInput>): RatingInput {
  return {
    corpusVersion: "v1",
    answer: "m1",
    question: "Kapan Double Eleven?",
    passageId: "jack-ma-5-janji:10",
    tier: "answer",
    confidence: 0.9,
    vote: "up",
    userId: "111111111111111111",
    ...overrides,
  };
}

describe("npm run feedback", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "feedback-cli-"));
    file = join(dir, "feedback.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fill(): Promise<void> {
    const store = new FeedbackStore(file);
    await store.record(vote({ answer: "m1", userId: "1", vote: "up" }));
    await store.record(vote({ answer: "m1", userId: "2", vote: "down" }));
    await store.record(vote({ answer: "m1", userId: "1", vote: "down" })); // changed: counts once
    await store.record(
      vote({
        answer: "m2",
        userId: "1",
        vote: "down",
        question: "Siapa | Darmin?",
        passageId: "jack-ma-5-janji:8",
      }),
    );
    await store.record(
      vote({
        answer: "console:1",
        userId: "3",
        vote: "up",
        question: "Apa itu Alibaba?",
        passageId: null,
        tier: "none",
      }),
    );
  }

  it("says there is no feedback yet, and exits 0, when FEEDBACK_FILE does not exist", async () => {
    const result = await runNode(CLI, [], { FEEDBACK_FILE: file });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      `No feedback yet: FEEDBACK_FILE (${file}) does not exist; it is created on the first vote.\n`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("prints the tallies as Markdown tables, most Not helpful first, with the counts", async () => {
    await fill();
    await writeFile(file, `${await readFile(file, "utf8")}{"time":"2025-01-0`); // a damaged last line
    const { code, stdout, stderr } = await runNode(CLI, [], { FEEDBACK_FILE: file });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`${file}: 4 votes on 3 answers (5 clicks`);
    expect(stdout).toContain("1 malformed line.");
    expect(stdout).toContain(
      [
        "| passage | not helpful | helpful |",
        "| --- | --- | --- |",
        "| jack-ma-5-janji:10 | 2 | 0 |",
        "| jack-ma-5-janji:8 | 1 | 0 |",
        "| (none) | 0 | 1 |",
      ].join("\n"),
    );
    expect(stdout).toContain(
      [
        "| question | not helpful | helpful | passage | tier |",
        "| --- | --- | --- | --- | --- |",
        "| Kapan Double Eleven? | 2 | 0 | jack-ma-5-janji:10 | answer |",
        "| Siapa \\| Darmin? | 1 | 0 | jack-ma-5-janji:8 | answer |",
        "| Apa itu Alibaba? | 0 | 1 | (none) | none |",
      ].join("\n"),
    );
  });

  it("reads another file with --file", async () => {
    await fill();
    const other = join(dir, "other.jsonl");
    await writeFile(other, "");
    const result = await runNode(CLI, ["--file", file], { FEEDBACK_FILE: other });
    expect(result.stdout).toContain("4 votes on 3 answers");
    const empty = await runNode(CLI, [], { FEEDBACK_FILE: other });
    expect(empty.stdout).toBe(
      `${other}: 0 votes on 0 answers (0 clicks: a user's last click on an answer is their vote), 0 malformed lines.\n`,
    );
    const missing = await runNode(CLI, ["--file", join(dir, "none.jsonl")], { FEEDBACK_FILE: file });
    expect(missing).toMatchObject({
      code: 0,
      stdout: `No feedback yet: ${join(dir, "none.jsonl")} does not exist; it is created on the first vote.\n`,
    });
  });

  it("writes the Not helpful questions with --export, says how many, and never overwrites an export", async () => {
    await fill();
    const target = join(dir, "out", "not-helpful.json");
    const result = await runNode(CLI, ["--export", target], { FEEDBACK_FILE: file });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`Wrote 2 questions voted "Not helpful" to ${target}`);
    const exported = JSON.parse(await readFile(target, "utf8"));
    expect(exported.questions.map((q: { question: string }) => q.question)).toEqual([
      "Kapan Double Eleven?",
      "Siapa | Darmin?",
    ]);
    expect(exported.questions[0]).toMatchObject({
      category: "feedback",
      expected: null,
      votes: { up: 0, down: 2 },
    });

    const again = await runNode(CLI, ["--export", target], { FEEDBACK_FILE: file });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${target} already exists`);
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual(exported);
  });

  it("refuses a FIFO or a folder at the file with a clear message and exit 1, never waiting on it", async () => {
    execFileSync("mkfifo", [file]);
    const fifo = await runNode(CLI, [], { FEEDBACK_FILE: file }, { killAfterMs: 20_000 });
    expect(fifo).toMatchObject({ code: 1, signal: null, stdout: "" });
    expect(fifo.stderr).toBe(
      `Cannot read the feedback file ${file}: it is a FIFO (named pipe), not a regular file.\n`,
    );
    const folder = join(dir, "folder");
    await mkdir(folder);
    const other = await runNode(CLI, ["--file", folder], { FEEDBACK_FILE: file }, { killAfterMs: 20_000 });
    expect(other).toMatchObject({ code: 1, signal: null, stdout: "" });
    expect(other.stderr).toBe(
      `Cannot read the feedback file ${folder}: it is a directory, not a regular file.\n`,
    );
  }, 45_000);

  it("escapes control characters in the file name it echoes, so a crafted name cannot drive the terminal", async () => {
    const crafted = join(dir, "votes\u001b[31m\u202e.jsonl");
    await mkdir(crafted);
    const refused = await runNode(CLI, ["--file", crafted], { FEEDBACK_FILE: file });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("votes\\u001b[31m\\u202e.jsonl");
    // Neither the escape nor the direction override reaches the output raw.
    for (const raw of ["\u001b", "\u202e"]) expect(refused.stderr).not.toContain(raw);
    const missing = await runNode(CLI, [], { FEEDBACK_FILE: join(dir, "none\u001b[2J.jsonl") });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain("none\\u001b[2J.jsonl");
    expect(missing.stdout).not.toContain("\u001b");
  });

  it("prints the usage for an unknown option or a stray argument, and exits 1", async () => {
    for (const args of [["--bogus"], ["extra"]]) {
      const result = await runNode(CLI, args, { FEEDBACK_FILE: file });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Usage: npm run feedback [-- --export FILE] [--file F]");
    }
  });
});
