/**
 * npm run bench: index build time and memory, question latency, throughput and cold start, each
 * beside plain MiniSearch (default options) measured in the same run on the same passages.
 * Deterministic: a fixed seed for the synthetic archive, a fixed question mix, a warm-up pass.
 * Run with --expose-gc (the npm script does) so memory is measured after full collections.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { loadCorpus } from "../src/corpus/load.js";
import type { Article, Passage } from "../src/corpus/types.js";
import { squadToEvalSet } from "../src/eval/dataset.js";
import { DEFAULT_CORPUS_DIR } from "../src/paths.js";
import { KnowledgeBase } from "../src/search/knowledge-base.js";
import { loadOrBuildIndex } from "../src/search/snapshot.js";
import { sentencePool, syntheticArticles, writeCorpus } from "./synthetic-corpus.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATASETS = ["datasets/tydiqa-goldp-id-dev.squad.json", "datasets/idk-mrc-valid.squad.json"].map((f) =>
  join(ROOT, f),
);
const SEED = 42;
const MIN_TIMINGS = 2_000;
/** Timed passes stop adding up after this long (plain MiniSearch on 10,000 articles is slow). */
const MAX_TIMED_MS = 60_000;
const COLD_START_RUNS = 3;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench does)");

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

interface Measured {
  buildMs: number;
  memoryMb: number;
  p50: number;
  p95: number;
  p99: number;
  qps: number;
}

/** Builds, measures memory after GC, then times the question mix until there are enough timings. */
function measure(build: () => (question: string) => unknown, questions: readonly string[]): Measured {
  const before = heapAfterGc();
  const started = performance.now();
  const ask = build();
  const buildMs = performance.now() - started;
  const memoryMb = (heapAfterGc() - before) / 1e6;
  for (const q of questions) ask(q);
  const timings: number[] = [];
  const passes = Math.max(1, Math.ceil(MIN_TIMINGS / questions.length));
  const timedStart = performance.now();
  for (
    let pass = 0;
    pass < passes && (pass === 0 || performance.now() - timedStart < MAX_TIMED_MS);
    pass += 1
  ) {
    for (const q of questions) {
      const t = performance.now();
      ask(q);
      timings.push(performance.now() - t);
    }
  }
  const qps = timings.length / ((performance.now() - timedStart) / 1000);
  timings.sort((a, b) => a - b);
  return {
    buildMs,
    memoryMb,
    p50: percentile(timings, 50),
    p95: percentile(timings, 95),
    p99: percentile(timings, 99),
    qps,
  };
}

function project(articles: readonly Article[]): () => (q: string) => unknown {
  return () => {
    const kb = KnowledgeBase.fromArticles(articles);
    return (q) => kb.ask(q, 3);
  };
}

function plain(passages: readonly Passage[]): () => (q: string) => unknown {
  return () => {
    const index = new MiniSearch<{ id: string; text: string }>({ fields: ["text"] });
    index.addAll(passages.map(({ id, text }) => ({ id, text })));
    return (q) => index.search(q).slice(0, 3);
  };
}

/** Wall time from spawning a process that loads the corpus (as npm start does) to its "ready" line. */
async function coldStart(corpusDir: string, cacheDir?: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < COLD_START_RUNS; i += 1) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const args = [
        "--import",
        "tsx",
        join(ROOT, "scripts/ready.ts"),
        corpusDir,
        ...(cacheDir ? [cacheDir] : []),
      ];
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      child.stdout.on("data", () => undefined);
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`ready.ts exited ${code}`))));
    });
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : "-");

async function main(): Promise<void> {
  const shipped = await loadCorpus(DEFAULT_CORPUS_DIR);
  const pool = sentencePool(
    shipped.flatMap((a) => a.passages),
    DATASETS,
  );
  const golden = (
    JSON.parse(readFileSync(join(ROOT, "tests/golden/questions.json"), "utf8")) as {
      questions: { question: string }[];
    }
  ).questions.map((q) => q.question);
  const datasetQuestions = DATASETS.flatMap((f) =>
    squadToEvalSet(JSON.parse(readFileSync(f, "utf8")))
      .questions.slice(0, 200)
      .map((q) => q.question),
  );
  const questions = [...golden, ...datasetQuestions];

  const sizes: [string, Article[]][] = [
    ["the article", shipped],
    ["1,000 articles", syntheticArticles(pool, 1_000, SEED)],
    ["10,000 articles", syntheticArticles(pool, 10_000, SEED)],
  ];
  const rows: string[] = [];
  const results: Record<string, { project: Measured; plain: Measured; passages: number }> = {};
  for (const [name, articles] of sizes) {
    const passages = articles.flatMap((a) => a.passages);
    process.stderr.write(`measuring ${name} (${passages.length} passages)...\n`);
    const ours = measure(project(articles), questions);
    const theirs = measure(plain(passages), questions);
    results[name] = { project: ours, plain: theirs, passages: passages.length };
    rows.push(
      `| ${name} | ${passages.length} | ${fmt(ours.buildMs, 0)} / ${fmt(theirs.buildMs, 0)} (${ratio(ours.buildMs, theirs.buildMs)}) | ${fmt(ours.memoryMb)} / ${fmt(theirs.memoryMb)} (${ratio(ours.memoryMb, theirs.memoryMb)}) | ${fmt(ours.p50, 3)} / ${fmt(theirs.p50, 3)} | ${fmt(ours.p95, 3)} / ${fmt(theirs.p95, 3)} | ${fmt(ours.p99, 3)} / ${fmt(theirs.p99, 3)} (${ratio(ours.p99, theirs.p99)}) | ${fmt(ours.qps, 0)} / ${fmt(theirs.qps, 0)} |`,
    );
  }

  process.stderr.write("measuring cold starts...\n");
  const work = await mkdtemp(join(tmpdir(), "bench-"));
  const big = join(work, "corpus-10000");
  await writeCorpus(big, sizes[2]?.[1] ?? []);
  const cache = join(work, "cache");
  await loadOrBuildIndex(cache, shipped);
  const bigIndex = await loadOrBuildIndex(cache, await loadCorpus(big));
  void bigIndex;
  const cold = {
    articleBuild: await coldStart(DEFAULT_CORPUS_DIR),
    articleSnapshot: await coldStart(DEFAULT_CORPUS_DIR, cache),
    bigBuild: await coldStart(big),
    bigSnapshot: await coldStart(big, cache),
  };
  await rm(work, { recursive: true, force: true });

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const node = process.version;
  const date = new Date().toISOString().slice(0, 10);
  let kernel = "";
  try {
    kernel = execFileSync("uname", ["-sm"], { encoding: "utf8" }).trim();
  } catch {
    kernel = process.platform;
  }
  const out = [
    `Benchmark ${date}, Node ${node}, ${cpu} (${cpus().length} cores), ${kernel}; seed ${SEED}; ${questions.length} questions (golden set + 200 TyDi + 200 IDK-MRC), a warm-up pass, then timed passes until ${MIN_TIMINGS} asks or ${MAX_TIMED_MS / 1000} s.`,
    "Each cell: tanya-artikel / plain MiniSearch (default options, same passages), ratio where useful.",
    "",
    "| corpus | passages | index build ms | index memory MB | p50 ms | p95 ms | p99 ms | questions/s (one core) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "Cold start, process start to ready to answer (median of 3; tsx compiles the TypeScript at start):",
    "",
    "| corpus | building the index | from the snapshot | speed-up |",
    "| --- | --- | --- | --- |",
    `| the article | ${fmt(cold.articleBuild, 0)} ms | ${fmt(cold.articleSnapshot, 0)} ms | ${ratio(cold.articleBuild, cold.articleSnapshot)} |`,
    `| 10,000 articles | ${fmt(cold.bigBuild, 0)} ms | ${fmt(cold.bigSnapshot, 0)} ms | ${ratio(cold.bigBuild, cold.bigSnapshot)} |`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (process.argv.includes("--json"))
    process.stdout.write(`${JSON.stringify({ results, cold }, null, 2)}\n`);
}

await main();
