import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

describe("npm run ask and npm run eval read .env as npm start does", () => {
  it("take CORPUS_DIR from .env, and ignore settings they do not use", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ask-env-"));
    await mkdir(join(dir, "corpus"));
    await writeFile(
      join(dir, "corpus", "kopi.md"),
      '---\ntitle: "Ekspor Kopi Gayo"\n---\n\nKopi Gayo diekspor ke Eropa sejak tahun 1990.\n\nHujan turun di Aceh.\n',
    );
    // A cooldown typo in .env concerns the bot only: ask must still answer.
    await writeFile(join(dir, ".env"), `CORPUS_DIR=${join(dir, "corpus")}\nCOOLDOWN_SECONDS=-1\n`);
    const env = { DOTENV_CONFIG_PATH: join(dir, ".env"), CORPUS_DIR: undefined };
    const asked = await runScript("src/cli/ask.ts", ["Ke mana kopi Gayo diekspor?"], { env });
    expect(asked.stderr).toBe("");
    expect(asked.stdout).toContain("Kopi Gayo diekspor ke Eropa");
    expect(asked.code).toBe(0);
    await writeFile(
      join(dir, "golden.json"),
      JSON.stringify({
        questions: [{ question: "Ke mana kopi Gayo diekspor?", category: "id", expected: "kopi:1" }],
      }),
    );
    const evaluated = await runScript("src/cli/eval.ts", [join(dir, "golden.json")], { env });
    expect(evaluated.stderr).toBe("");
    expect(evaluated.stdout).toContain("1 questions over 2 passages");
  });
});
