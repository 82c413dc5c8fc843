/**
 * Fits the answerability model on the training splits and writes src/search/data/confidence-model.json.
 * Deterministic (fixed seed, Newton's method): run it twice and the file is the same. Prints the
 * figures on the training data and on the dev sets, which take no part in fitting.
 */
import { readFile, writeFile } from "node:fs/promises";
import { loadEvalFile, type SquadFile } from "../src/eval/dataset.js";
import { computeMetrics, type Metrics } from "../src/eval/metrics.js";
import { predict, projectSystem } from "../src/eval/systems.js";
import { fitLogistic, type LogisticModel, predictProbability } from "../src/model/logistic.js";
import {
  chooseAnswerThreshold,
  collectRows,
  splitIntoCorpora,
  type TrainingRow,
  withoutParagraphs,
} from "../src/model/training.js";
import { type ConfidenceModel, SIGNAL_NAMES, signalVector, tierOf } from "../src/search/confidence.js";
import { DEFAULT_RANKING_OPTIONS } from "../src/search/knowledge-base.js";

const SEED = 42;
const L2 = 1;
/** The answer tier must be right this often on held-out training questions (the target on dev is 0.95). */
const TARGET_PRECISION = 0.96;
/** Share of answerable questions also asked of a corpus without their paragraph (labelled wrong). */
const OFF_CORPUS_SHARE = 0.25;
/** Share of questions also asked with one typo: the training questions are carefully typed, users' are not. */
const TYPO_SHARE = 0.25;
const OUTPUT = "src/search/data/confidence-model.json";

/**
 * Training sets, each cut into corpora twice: the size of one article (the shipped one has 35
 * paragraphs) and the size of its dev counterpart (IDK-MRC 358, FacQA 207 paragraphs). Scores,
 * rarities and margins depend on a corpus's size; the model must hold for both.
 */
const TRAINING = [
  { source: "IDK-MRC train", file: "datasets/train/idk-mrc-train.squad.json", sizes: [35, 358] },
  { source: "FacQA train", file: "datasets/train/facqa-train.squad.json", sizes: [35, 207] },
];
const DEV = [
  "datasets/facqa-valid.squad.json",
  "datasets/tydiqa-goldp-id-dev.squad.json",
  "datasets/idk-mrc-valid.squad.json",
];

async function readSquad(file: string): Promise<SquadFile> {
  return JSON.parse(await readFile(file, "utf8")) as SquadFile;
}

type Scored = TrainingRow & { probability: number };

const quotable = (r: TrainingRow): boolean => r.signals.coverage >= DEFAULT_RANKING_OPTIONS.minCoverage;

/**
 * The probability that the first passage is the right one, fitted on answerable questions and on
 * questions asked of a corpus without their paragraph. IDK-MRC's unanswerable questions are left
 * out: written to look answerable from their own paragraph, they pulled every probability down and
 * cost a tenth of the answer tier on answerable sets, for a few points of abstention.
 */
function fitConfidence(rows: readonly TrainingRow[], features: readonly string[]): LogisticModel {
  const used = rows.filter((r) => r.answerable || r.source.endsWith("off-corpus"));
  return fitLogistic(
    features,
    used.map((r) => signalVector(r.signals, features)),
    used.map((r) => (r.correct ? 1 : 0)),
    { l2: L2 },
  );
}

/**
 * The model over `features`, and where its answer tier begins. The threshold is chosen on
 * probabilities each row got from a model fitted without its corpora (two folds), so it is not
 * flattered by the fit; the shipped weights are fitted on all rows.
 */
function modelFrom(
  rows: readonly TrainingRow[],
  features: readonly string[],
): ConfidenceModel & { heldOut: Scored[] } {
  const folds = [0, 1].map((fold) =>
    fitConfidence(
      rows.filter((r) => r.fold !== fold),
      features,
    ),
  );
  const heldOut = rows.map((r) => ({
    ...r,
    probability: predictProbability(folds[r.fold] as LogisticModel, signalVector(r.signals, features)),
  }));
  // Questions below the coverage rule are declined whatever their probability.
  const answer = chooseAnswerThreshold(heldOut.filter(quotable), TARGET_PRECISION);
  return { ...fitConfidence(rows, features), thresholds: { answer: Number(answer.toFixed(6)) }, heldOut };
}

/** Each dev set's figures with `model` deciding the tiers. */
async function devFigures(model: ConfidenceModel): Promise<{ file: string; m: Metrics }[]> {
  const figures: { file: string; m: Metrics }[] = [];
  for (const file of DEV) {
    const set = await loadEvalFile(file, async () => []);
    const { predictions } = predict(projectSystem(set.passages, { confidence: model }), set.questions, {
      timed: false,
    });
    figures.push({ file, m: computeMetrics(set.questions, predictions) });
  }
  return figures;
}

/** A table row of the training figures, with the tiers the bot would give. */
function describe(name: string, rows: readonly Scored[], model: ConfidenceModel): string {
  const tier = (r: Scored) =>
    tierOf(model, r.probability, r.signals.coverage, DEFAULT_RANKING_OPTIONS.minCoverage);
  const share = (n: number, d: number): string => (d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`);
  const answerable = rows.filter((r) => r.answerable);
  const unanswerable = rows.filter((r) => !r.answerable);
  const answerTier = rows.filter((r) => tier(r) === "answer");
  const cells = [
    share(answerTier.filter((r) => r.correct).length, answerTier.length),
    share(answerable.filter((r) => tier(r) === "answer").length, answerable.length),
    share(answerable.filter((r) => tier(r) !== "none").length, answerable.length),
    share(unanswerable.filter((r) => tier(r) === "none").length, unanswerable.length),
  ];
  return `| ${name} | ${rows.length} | ${cells.join(" | ")} |`;
}

async function main(): Promise<void> {
  const dev = await Promise.all(DEV.map(readSquad));
  const rows: TrainingRow[] = [];
  let dropped = 0;
  for (const { source, file, sizes } of TRAINING) {
    const full = await readSquad(file);
    const squad = withoutParagraphs(full, dev);
    const count = (s: SquadFile) => s.data.reduce((n, e) => n + e.paragraphs.length, 0);
    dropped += count(full) - count(squad);
    for (const size of sizes) {
      const corpora = splitIntoCorpora(squad, size, SEED);
      rows.push(
        ...collectRows(corpora, source, {
          offCorpusShare: OFF_CORPUS_SHARE,
          typoShare: TYPO_SHARE,
          seed: SEED,
        }),
      );
    }
  }
  const percent = (x: number): string => (Number.isNaN(x) ? "-" : `${(100 * x).toFixed(1)}%`);
  if (process.argv.includes("--ablate")) {
    // What each signal adds: the model refitted without it, judged on the dev sets. Nothing is written.
    const lines = [
      "| model | FacQA answer tier / precision | TyDi answer tier / precision | IDK-MRC answer tier / precision |",
      "| --- | --- | --- | --- |",
    ];
    for (const dropped of [undefined, ...SIGNAL_NAMES]) {
      const features = SIGNAL_NAMES.filter((f) => f !== dropped);
      const figures = await devFigures(modelFrom(rows, features));
      const cells = figures.map(({ m }) => `${percent(m.answered)} / ${percent(m.precision)}`);
      lines.push(`| ${dropped ? `without ${dropped}` : "all signals"} | ${cells.join(" | ")} |`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  const { heldOut, ...fitted } = modelFrom(rows, SIGNAL_NAMES);
  const model: ConfidenceModel = {
    ...fitted,
    provenance: {
      fittedBy: "npm run train (scripts/train.ts)",
      trainingSets: TRAINING.map((t) => `${t.file} in corpora of ${t.sizes.join(" and ")} paragraphs`),
      droppedParagraphsAlsoInDevSets: dropped,
      offCorpusShare: OFF_CORPUS_SHARE,
      typoShare: TYPO_SHARE,
      seed: SEED,
      l2: L2,
      targets: { heldOutAnswerPrecision: TARGET_PRECISION },
      rows: rows.length,
    },
  };
  await writeFile(OUTPUT, `${JSON.stringify(model, null, 2)}\n`);

  const out: string[] = [
    `Wrote ${OUTPUT}: ${rows.length} training rows (${dropped} training paragraphs dropped: they are in a dev set), "answer" tier at >= ${model.thresholds.answer}`,
    "",
    "| signal | weight (standardised) |",
    "| --- | --- |",
  ];
  model.features.forEach((f, i) => {
    out.push(`| ${f} | ${(model.weights[i] as number).toFixed(3)} |`);
  });
  out.push(
    "",
    "Training rows scored by the model fitted on the other fold; dev sets by the shipped model:",
    "| set | questions | answer-tier precision (all questions) | answerable in answer tier | answerable quoted | unanswerable in none |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const { source } of TRAINING) {
    for (const name of [source, `${source} typo`, `${source} off-corpus`]) {
      out.push(
        describe(
          `${name} (held out)`,
          heldOut.filter((r) => r.source === name),
          model,
        ),
      );
    }
  }
  for (const { file, m } of await devFigures(model)) {
    out.push(
      `| ${file} (dev) | ${m.questions} | ${percent(m.precision)} | ${percent(m.answered)} | ${percent(m.quoted)} | ${percent(m.abstained)} |`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
