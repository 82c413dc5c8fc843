import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_PASSAGES_PER_ARTICLE } from "../../src/corpus/parse.js";
import { runScript } from "../helpers/run-script.js";

const ASK = "src/cli/ask.ts";
/** What a terminal would obey: C0/C1 controls (ESC), DEL, bidi overrides and isolates; the final newline aside. */
const RAW_CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

describe("npm run ask with a corpus it refuses", () => {
  it("prints an article over the paragraph cap as one corpus error line, no stack trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    const paragraphs = Array.from({ length: MAX_PASSAGES_PER_ARTICLE + 1 }, (_, i) => `P ${i}.`);
    await writeFile(join(dir, "panjang.md"), `---\ntitle: A\n---\n${paragraphs.join("\n\n")}`);
    const { code, stderr } = await runScript(ASK, ["--corpus", dir, "apa"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `Corpus error: ${join(dir, "panjang.md")}: has more than ${MAX_PASSAGES_PER_ARTICLE} paragraphs; an article may have at most ${MAX_PASSAGES_PER_ARTICLE} (split it into several files)\n`,
    );
  });

  it("escapes a crafted file name, so it cannot rewrite the terminal", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    await writeFile(join(dir, "x\u001b[2J\u001b[31m\u202eevil.md"), "no front matter");
    const { code, stderr } = await runScript(ASK, ["--corpus", dir, "apa"]);
    expect(code).toBe(1);
    expect(stderr.trimEnd()).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain("x\\u001b[2J\\u001b[31m\\u202eevil.md: does not start with front matter");
  });

  it("escapes CORPUS_DIR when the folder is not found", async () => {
    const { code, stderr } = await runScript(ASK, ["apa"], {
      env: { CORPUS_DIR: "/nonexistent/\u001b]0;pwned\u0007\u2066" },
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "Corpus error: /nonexistent/\\u001b]0;pwned\\u0007\\u2066: corpus folder not found (set CORPUS_DIR or pass --corpus DIR)\n",
    );
  });
});
