import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

describe("memory over a long run", () => {
  it("stays flat over 10,000 asks through the Discord rendering path", async () => {
    const { code, stdout, stderr } = await runScript("tests/reliability/memory-run.ts", ["10000"], {
      nodeOptions: "--expose-gc",
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { before, after, asks } = JSON.parse(stdout) as { before: number; after: number; asks: number };
    console.info(
      `heap after warm-up ${(before / 1e6).toFixed(1)} MB, after ${asks} more asks ${(after / 1e6).toFixed(1)} MB`,
    );
    expect(asks).toBe(10_000);
    // Caches are bounded: the heap may wobble, not grow with the number of questions.
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
  });

  it("keeps little of 2,000 forged 20,000-character questions (Discord's own hold 300)", async () => {
    const { code, stdout, stderr } = await runScript(
      "tests/reliability/long-questions-run.ts",
      ["2000", "20000"],
      { nodeOptions: "--expose-gc" },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { before, after, asks } = JSON.parse(stdout) as { before: number; after: number; asks: number };
    console.info(
      `heap after loading ${(before / 1e6).toFixed(1)} MB, after ${asks} long asks ${(after / 1e6).toFixed(1)} MB`,
    );
    expect(asks).toBe(2_000);
    // 40 MB of questions went through; the memos keep only what is cut from them (about 4 MB in all).
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
  });
});
