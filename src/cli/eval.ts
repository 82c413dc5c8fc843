import "../env.js";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import { ablationVariants } from "../eval/ablation.js";
import { type EvalQuestion, loadEvalFile } from "../eval/dataset.js";
import { abstentionTradeoff, computeMetrics, type Metrics, type TradeoffPoint } from "../eval/metrics.js";
import { measure, plainMiniSearchSystem, predict, projectSystem } from "../eval/systems.js";
import { DEFAULT_RANKING_OPTIONS, SHIPPED_CONFIDENCE_MODEL } from "../search/knowledge-base.js";
import { UsageError } from "./args.js";
import { runCli } from "./run.js";

const USAGE = `Usage: npm run eval -- FILE [--json] [--ablate] [--corpus DIR]
  FILE      a SQuAD-layout file (datasets/*.squad.json) or a golden set (tests/golden/questions.json)
  --json    print the figures as JSON
  --ablate  also measure the project with each technique switched off
  --corpus DIR  the articles a golden set's questions are about (default: CORPUS_DIR, else corpus/)`;

interface Row {
  system: string;
  metrics: Metrics;
}

const COLUMNS: [string, (m: Metrics) => string][] = [
  ["hit@1", (m) => fixed(m.hit1)],
  ["hit@3", (m) => fixed(m.hit3)],
  ["MRR@10", (m) => fixed(m.mrr10)],
  ["answer tier", (m) => percent(m.answered)],
  ["precision", (m) => percent(m.precision)],
  ["quoted", (m) => percent(m.quoted)],
  ["none (unanswerable)", (m) => percent(m.abstained)],
  ["p50 ms", (m) => m.p50ms.toFixed(3)],
  ["p99 ms", (m) => m.p99ms.toFixed(3)],
];

function fixed(x: number): string {
  return Number.isNaN(x) ? "-" : x.toFixed(3);
}

function percent(x: number): string {
  return Number.isNaN(x) ? "-" : `${(100 * x).toFixed(1)}%`;
}

function table(rows: readonly Row[]): string {
  const header = ["system", ...COLUMNS.map(([name]) => name)];
  const body = rows.map((row) => [row.system, ...COLUMNS.map(([, cell]) => cell(row.metrics))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** Confidences to show the answer-or-abstain trade-off at. */
const THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

function tradeoffTable(points: readonly TradeoffPoint[]): string {
  const header = `Confidence trade-off (tanya-artikel: "answer" tier at >= ${SHIPPED_CONFIDENCE_MODEL.thresholds.answer.toFixed(3)}, when coverage >= ${DEFAULT_RANKING_OPTIONS.minCoverage}):`;
  const lines = points.map(
    (p) =>
      `| ${p.threshold.toFixed(2)} | ${percent(p.answered).padStart(6)} | ${percent(p.precision).padStart(6)} | ${percent(p.abstained).padStart(6)} |`,
  );
  return [
    header,
    "| answer tier at confidence >= | answerable in the answer tier | its precision | unanswerable in none |",
    "| --- | --- | --- | --- |",
    ...lines,
  ].join("\n");
}

function byCategory(questions: readonly EvalQuestion[]): Map<string, EvalQuestion[]> {
  const groups = new Map<string, EvalQuestion[]>();
  for (const q of questions) {
    const key = q.category ?? "all";
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  return groups;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      ablate: { type: "boolean", default: false },
      corpus: { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError("Give exactly one dataset file.");
  const corpusDir = values.corpus ?? loadConfig(process.env, { entry: "local" }).corpusDir;
  const set = await loadEvalFile(file, async () => (await loadCorpus(corpusDir)).flatMap((a) => a.passages));

  const project = projectSystem(set.passages);
  const { predictions: projectPredictions, timings } = predict(project, set.questions);
  const rows: Row[] = [
    { system: "tanya-artikel", metrics: computeMetrics(set.questions, projectPredictions, timings) },
    { system: "plain MiniSearch", metrics: measure(plainMiniSearchSystem(set.passages), set.questions) },
  ];
  if (values.ablate) {
    for (const variant of ablationVariants()) {
      rows.push({
        system: variant.name,
        metrics: measure(projectSystem(set.passages, variant.options), set.questions),
      });
    }
  }
  const categories = [...byCategory(set.questions)].filter(
    ([name]) => name !== "answerable" && name !== "unanswerable",
  );
  const categoryRows = categories.map(([name, questions]) => ({
    system: name,
    metrics: measure(project, questions),
  }));

  const tradeoff = abstentionTradeoff(set.questions, projectPredictions, THRESHOLDS);

  if (values.json) {
    const report = { file, passages: set.passages.length, rows, categories: categoryRows, tradeoff };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${file}: ${set.questions.length} questions over ${set.passages.length} passages\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  if (categoryRows.length > 0) {
    process.stdout.write(`\nBy category (tanya-artikel):\n${table(categoryRows)}\n`);
  }
  process.stdout.write(`\n${tradeoffTable(tradeoff)}\n`);
}

runCli(main, USAGE);
