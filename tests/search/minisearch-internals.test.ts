import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../src/config.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { KnowledgeBase, MiniSearchShapeError } from "../../src/search/knowledge-base.js";
import { loadOrBuildIndex } from "../../src/search/snapshot.js";
import { runScript } from "../helpers/run-script.js";

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

/** MiniSearch's term tree class (bundled inside minisearch, so reached through an instance). */
function termTreePrototype(): {
  fuzzyGet: (key: string, maxDistance: number) => Map<string, [unknown, number]>;
} {
  const tree: unknown = Reflect.get(new MiniSearch({ fields: ["text"] }), "_index");
  return Object.getPrototypeOf(tree);
}

/** Has fuzzyGet give what a future MiniSearch might: `[distance, value]`, the other way round. */
function changeFuzzyGetShape(): { restore: () => void } {
  const prototype = termTreePrototype();
  const original = prototype.fuzzyGet;
  const spy = vi.spyOn(prototype, "fuzzyGet").mockImplementation(function (this: unknown, key, maxDistance) {
    const results = original.call(this, key, maxDistance);
    return new Map([...results].map(([term, [value, distance]]) => [term, [distance, value]])) as Map<
      string,
      [unknown, number]
    >;
  });
  return { restore: () => spy.mockRestore() };
}

describe("a MiniSearch whose term tree changed shape", () => {
  const passages = [
    {
      id: "t:1",
      articleSlug: "t",
      articleTitle: "Tes",
      section: null,
      paragraph: 1,
      text: "Sekolah pelatihan.",
    },
  ];

  it("is refused when the knowledge base is built, with a message that says what to do", () => {
    // Without the check, every typo'd form got a NaN weight, and the bot answered on regardless.
    const shape = changeFuzzyGetShape();
    try {
      expect(() => new KnowledgeBase(passages)).toThrow(MiniSearchShapeError);
      expect(() => new KnowledgeBase(passages)).toThrow(
        /MiniSearch's internal index changed shape: pin minisearch to 7\.2\.0/,
      );
    } finally {
      shape.restore();
    }
    expect(new KnowledgeBase(passages).ask("pelatihn").results[0]?.score).not.toBeNaN();
  });

  it("is reported by the command line as a configuration problem, not an unexpected error", () => {
    expect(new MiniSearchShapeError("detail")).toBeInstanceOf(ConfigError);
  });

  it("stops a start with an index snapshot at once, without calling the snapshot unreadable and rebuilding", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const articles = await loadCorpus(DEFAULT_CORPUS_DIR);
    expect((await loadOrBuildIndex(dir, articles)).warning).toBeUndefined();
    const shape = changeFuzzyGetShape();
    const add = vi.spyOn(MiniSearch.prototype, "add");
    try {
      await expect(loadOrBuildIndex(dir, articles)).rejects.toThrow(MiniSearchShapeError);
      expect(add).not.toHaveBeenCalled(); // the snapshot was loaded, and nothing was rebuilt
    } finally {
      add.mockRestore();
      shape.restore();
    }
    // The snapshot was fine all along: it is still there, and loads.
    expect((await loadOrBuildIndex(dir, articles)).loaded).toBe(true);
  });

  it("ends npm start with one line saying what to do, not an unexpected error and a stack", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    await loadOrBuildIndex(dir, await loadCorpus(DEFAULT_CORPUS_DIR));
    const preload = fileURLToPath(new URL("../fixtures/swap-minisearch-fuzzy-results.mjs", import.meta.url));
    const { code, stderr } = await runScript("src/main.ts", [], {
      input: "/promises 3\n",
      env: { INDEX_CACHE_DIR: dir },
      nodeOptions: `--import "${preload}"`,
    });
    expect(code).toBe(1);
    expect(stderr).toContain("MiniSearch's internal index changed shape: pin minisearch to 7.2.0");
    expect(stderr).not.toMatch(/Unexpected error|could not be read|\n\s+at /);
  });
});
