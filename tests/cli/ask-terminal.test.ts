import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";

/** Controls (C0 but newline, DEL, C1) and bidi overrides. */
const CONTROL = /(?!\n)\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

describe("npm run ask with escape sequences in the corpus", () => {
  it("prints the answer without them: no title change, no screen clear", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    await writeFile(
      join(dir, "a.md"),
      [
        "---",
        'title: "Judul \\e]0;pwned\\a berita"',
        "source: IDN",
        "---",
        "## 1. Bagian \u001b[2J satu",
        "",
        "Alibaba \u001b]0;pwned\u0007membangun sekolah \u001b[2J\u001b[H\u202eteknologi di Jakarta.",
        "",
      ].join("\n"),
    );
    const { code, stdout } = await runScript("src/cli/ask.ts", [
      "--corpus",
      dir,
      "Alibaba membangun sekolah apa?",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("“Alibaba membangun sekolah teknologi di Jakarta.”");
    expect(stdout).toContain('— Judul  berita, IDN, section "1. Bagian  satu", paragraph 1');
    expect(stdout).not.toMatch(CONTROL);
    expect(stdout).not.toContain("pwned");
  });
});
