import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

const EVAL = "src/cli/eval.ts";

describe("npm run eval", () => {
  it("prints the project's figures beside plain MiniSearch's", async () => {
    const { code, stdout } = await runScript(EVAL, ["tests/fixtures/tiny.squad.json"]);
    expect(code).toBe(0);
    expect(stdout).toContain("3 questions over 2 passages");
    expect(stdout).toMatch(/\| tanya-artikel +\| 1\.000 \|/);
    expect(stdout).toMatch(/\| plain MiniSearch +\|/);
    for (const column of [
      "hit@1",
      "hit@3",
      "MRR@10",
      "answer tier",
      "precision",
      "quoted",
      "none (unanswerable)",
      "p50 ms",
      "p99 ms",
    ]) {
      expect(stdout).toContain(column);
    }
  });

  it("prints JSON with --json, and ablation rows with --ablate", async () => {
    const { stdout } = await runScript(EVAL, ["tests/fixtures/tiny.squad.json", "--json", "--ablate"]);
    const report = JSON.parse(stdout);
    const systems = report.rows.map((r: { system: string }) => r.system);
    expect(systems.slice(0, 2)).toEqual(["tanya-artikel", "plain MiniSearch"]);
    expect(systems).toContain("without stopwords");
    expect(report.rows[0].metrics).toMatchObject({ questions: 3, answerable: 2, unanswerable: 1, hit1: 1 });
  });

  it("breaks the golden set down by category", async () => {
    const { code, stdout } = await runScript(EVAL, ["tests/golden/questions.json"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/By category[\s\S]*\| off-topic/);
  });

  it("explains a file it cannot read", async () => {
    const { code, stderr } = await runScript(EVAL, ["package.json"]);
    expect(code).toBe(1);
    expect(stderr).toContain("package.json: is neither SQuAD layout");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
