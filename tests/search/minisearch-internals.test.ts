import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const readJson = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(name, ROOT), "utf8")) as unknown;

// src/search/knowledge-base.ts reads MiniSearch's term tree (`_index`), which is not public API.
describe("MiniSearch's internals, read by the knowledge base", () => {
  it("come from exactly the version they were written against: minisearch is pinned, not a range", async () => {
    const pkg = (await readJson("package.json")) as { dependencies: Record<string, string> };
    const lock = (await readJson("package-lock.json")) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    expect(pkg.dependencies.minisearch).toBe("7.2.0");
    expect(lock.packages[""]?.dependencies?.minisearch).toBe("7.2.0");
    expect(lock.packages["node_modules/minisearch"]?.version).toBe("7.2.0");
  });
});
