import { DEFAULT_ANALYZER_OPTIONS } from "../search/analyzer.js";
import { fixedConfidence } from "../search/confidence.js";
import type { KnowledgeBaseOptions } from "../search/knowledge-base.js";

/** A model sure of everything: what the bot did before the confidence model (the coverage rule alone). */
const ALWAYS_SURE = fixedConfidence(0.999, 0.5);

export interface Variant {
  name: string;
  options: KnowledgeBaseOptions;
}

/** The project with one technique switched off at a time, to show what each adds. */
export function ablationVariants(): Variant[] {
  const analyzerSteps = Object.keys(DEFAULT_ANALYZER_OPTIONS) as (keyof typeof DEFAULT_ANALYZER_OPTIONS)[];
  return [
    ...analyzerSteps.map((step) => ({ name: `without ${step}`, options: { analyzer: { [step]: false } } })),
    { name: "without fuzzy", options: { ranking: { fuzzy: false } } },
    { name: "with prefix search", options: { ranking: { prefix: true } } },
    { name: "without section boost", options: { ranking: { sectionBoost: 1 } } },
    { name: "without coverage re-ranking", options: { ranking: { coverageWeight: 0 } } },
    { name: "without proximity re-ranking", options: { ranking: { proximityWeight: 0 } } },
    { name: "without answer type", options: { ranking: { answerTypeWeight: 0 } } },
    { name: "without title field", options: { ranking: { titleBoost: 0 } } },
    { name: "without the confidence model", options: { confidence: ALWAYS_SURE } },
  ];
}
