/**
 * npm run bench: index build time and memory, question latency, throughput and cold start, each
 * beside plain MiniSearch (default options) measured in the same run on the same passages; then
 * the worst case (p99) of each kind of hostile input beside a normal question, for /ask and for
 * autocomplete. Deterministic: a fixed seed for the synthetic archive and the hostile inputs, a
 * fixed question mix, a warm-up pass. Run with --expose-gc (the npm script does) so memory is
 * measured after full collections.
 *
 *   npm run bench -- --hostile            only the hostile-input table
 *   npm run bench -- --burst              only the burst table (scripts/burst.ts)
 *   npm run bench -- --burst-before=FILE  adds a row for another build's entry (e.g. an older dist/main.js)
 *   npm run bench -- --burst-distinct     the burst with 500 different questions instead of the golden set's
 *   npm run bench -- --articles=1000      only the corpora of at most that many articles
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { suggestQuestions } from "../src/commands/suggest.js";
import { loadCorpus } from "../src/corpus/load.js";
import type { Article, Passage } from "../src/corpus/types.js";
import { squadToEvalSet } from "../src/eval/dataset.js";
import type { Library } from "../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../src/paths.js";
import { seededRandom as random } from "../src/random.js";
import { KnowledgeBase } from "../src/search/knowledge-base.js";
import { loadOrBuildIndex } from "../src/search/snapshot.js";
import { type BurstRound, burstTable, measureBursts } from "./burst.js";
import {
  frequentWords,
  HOSTILE_KINDS,
  hostileQuestions,
  sentencePool,
  syntheticArticles,
  writeCorpus,
} from "./synthetic-corpus.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATASETS = ["datasets/tydiqa-goldp-id-dev.squad.json", "datasets/idk-mrc-valid.squad.json"].map((f) =>
  join(ROOT, f),
);
const SEED = 42;
const MIN_TIMINGS = 2_000;
/** Timed passes stop adding up after this long (plain MiniSearch on 10,000 articles is slow). */
const MAX_TIMED_MS = 60_000;
const COLD_START_RUNS = 3;
/** Hostile inputs: variants of each kind, timings of each kind, and a cap on the time spent on one. */
const HOSTILE_VARIANTS = 50;
const HOSTILE_MIN_TIMINGS = 1_000;
const HOSTILE_MAX_MS = 20_000;
/** A hostile kind should cost at most this many times a normal question, at p99. */
const HOSTILE_TARGET = 2;
const BURST_ROUNDS = 5;

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
      const args = [join(ROOT, "scripts/ready.mjs"), corpusDir, ...(cacheDir ? [cacheDir] : [])];
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      child.stdout.on("data", () => undefined);
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`ready.mjs exited ${code}`))));
    });
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : "-");

/** p99 in ms of `run` over `inputs`: a warm-up pass, then passes until enough timings (or time). */
function p99Of(inputs: readonly string[], run: (input: string) => unknown): number {
  for (const input of inputs) run(input);
  const timings: number[] = [];
  const started = performance.now();
  while (timings.length < HOSTILE_MIN_TIMINGS && performance.now() - started < HOSTILE_MAX_MS) {
    for (const input of inputs) {
      const t = performance.now();
      run(input);
      timings.push(performance.now() - t);
    }
  }
  return percentile(
    timings.sort((a, b) => a - b),
    99,
  );
}

interface HostileRow {
  input: string;
  ask: number;
  autocomplete: number;
}

/**
 * The worst case (p99) of each hostile kind for /ask (the knowledge base) and autocomplete (the
 * suggestions, as the bot makes them), beside normal questions and their prefixes as typed.
 */
function measureHostile(articles: readonly Article[], questions: readonly string[]): HostileRow[] {
  const kb = KnowledgeBase.fromArticles(articles);
  const library: Library = { articles, kb, version: "bench", index: "built" };
  const ask = (q: string): unknown => kb.ask(q, 3);
  const suggest = (typed: string): unknown => suggestQuestions(library, typed);
  // What autocomplete sees of a normal question: a prefix of it, as typed so far.
  const next = random(SEED);
  const typing = questions.map((q) => q.slice(0, 1 + Math.floor(next() * q.length)));
  const rows: HostileRow[] = [
    { input: "normal question", ask: p99Of(questions, ask), autocomplete: p99Of(typing, suggest) },
  ];
  const hostile = hostileQuestions(frequentWords(articles, 100), HOSTILE_VARIANTS, SEED);
  for (const kind of HOSTILE_KINDS) {
    rows.push({ input: kind, ask: p99Of(hostile[kind], ask), autocomplete: p99Of(hostile[kind], suggest) });
  }
  return rows;
}

function hostileTable(results: Record<string, HostileRow[]>): string[] {
  const lines = [
    `Hostile input: p99 ms of ${HOSTILE_VARIANTS} variants of each kind (at least ${HOSTILE_MIN_TIMINGS} timings, or ${HOSTILE_MAX_MS / 1000} s), beside normal questions (for autocomplete, their prefixes as typed); target at most ${HOSTILE_TARGET}x a normal question.`,
    "",
    "| corpus | input | /ask p99 ms | vs normal | autocomplete p99 ms | vs normal |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  let worst = 0;
  for (const [name, rows] of Object.entries(results)) {
    const normal = rows[0];
    if (!normal) continue;
    for (const row of rows) {
      const over = (x: number, base: number): string => (x / base > HOSTILE_TARGET ? " (over)" : "");
      if (row !== normal)
        worst = Math.max(worst, row.ask / normal.ask, row.autocomplete / normal.autocomplete);
      lines.push(
        `| ${name} | ${row.input} | ${fmt(row.ask, 3)} | ${ratio(row.ask, normal.ask)}${over(row.ask, normal.ask)} | ${fmt(row.autocomplete, 3)} | ${ratio(row.autocomplete, normal.autocomplete)}${over(row.autocomplete, normal.autocomplete)} |`,
      );
    }
  }
  lines.push(
    "",
    `Worst hostile kind: ${worst.toFixed(2)}x a normal question at p99 (target ${HOSTILE_TARGET}x).`,
  );
  return lines;
}

/** What npm start runs: the compiled JavaScript in dist/. */
function buildDist(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}

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

  const maxArticles = Number(
    process.argv.find((a) => a.startsWith("--articles="))?.slice("--articles=".length) ?? Infinity,
  );
  const sizes: [string, Article[]][] = [
    ["the article", shipped],
    ...(maxArticles >= 1_000
      ? [["1,000 articles", syntheticArticles(pool, 1_000, SEED)] as [string, Article[]]]
      : []),
    ...(maxArticles >= 10_000
      ? [["10,000 articles", syntheticArticles(pool, 10_000, SEED)] as [string, Article[]]]
      : []),
  ];
  const hostile: Record<string, HostileRow[]> = {};
  const measureAllHostile = (): void => {
    for (const [name, articles] of sizes) {
      process.stderr.write(`measuring hostile input on ${name}...\n`);
      hostile[name] = measureHostile(articles, questions);
    }
  };
  if (process.argv.includes("--hostile")) {
    measureAllHostile();
    process.stdout.write(`${hostileTable(hostile).join("\n")}\n`);
    if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ hostile }, null, 2)}\n`);
    return;
  }
  const burst = (): Promise<Map<string, BurstRound[]>> => {
    buildDist();
    const before = process.argv.find((a) => a.startsWith("--burst-before="))?.slice("--burst-before=".length);
    // --burst-distinct: 500 different questions (golden, then the dev sets'), so no answer is asked twice.
    const burstQuestions = process.argv.includes("--burst-distinct") ? [...new Set(questions)] : golden;
    return measureBursts(burstQuestions, { rounds: BURST_ROUNDS, ...(before ? { before } : {}) });
  };
  if (process.argv.includes("--burst")) {
    const bursts = await burst();
    process.stdout.write(`${burstTable(bursts).join("\n")}\n`);
    if (process.argv.includes("--json"))
      process.stdout.write(`${JSON.stringify({ burst: Object.fromEntries(bursts) }, null, 2)}\n`);
    return;
  }
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
  buildDist();
  const work = await mkdtemp(join(tmpdir(), "bench-"));
  const big = join(work, "corpus-largest");
  await writeCorpus(big, sizes[sizes.length - 1]?.[1] ?? []);
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
  // Last, so the tables above are measured as they were before it was added.
  measureAllHostile();
  const bursts = await burst();

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
    "Cold start, process start to ready to answer (median of 3; the compiled JavaScript in dist/, as npm start runs it):",
    "",
    "| corpus | building the index | from the snapshot | speed-up |",
    "| --- | --- | --- | --- |",
    `| the article | ${fmt(cold.articleBuild, 0)} ms | ${fmt(cold.articleSnapshot, 0)} ms | ${ratio(cold.articleBuild, cold.articleSnapshot)} |`,
    `| ${sizes[sizes.length - 1]?.[0]} | ${fmt(cold.bigBuild, 0)} ms | ${fmt(cold.bigSnapshot, 0)} ms | ${ratio(cold.bigBuild, cold.bigSnapshot)} |`,
    "",
    ...hostileTable(hostile),
    "",
    ...burstTable(bursts),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  if (process.argv.includes("--json"))
    process.stdout.write(
      `${JSON.stringify({ results, cold, hostile, burst: Object.fromEntries(bursts) }, null, 2)}\n`,
    );
}

await main();
