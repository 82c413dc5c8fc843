import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Passage } from "../../src/corpus/types.js";
import { loadEvalFile } from "../../src/eval/dataset.js";
import { exportNotHelpful } from "../../src/feedback/tally.js";
import { ALICE, BOB, rec } from "./records.js";

const records = [
  // Changed from "Not helpful" to "Helpful": not exported.
  rec({ answer: "m1", user: ALICE, vote: "down", question: "Kapan Double Eleven?" }),
  rec({ answer: "m1", user: ALICE, vote: "up", question: "Kapan Double Eleven?" }),
  // Asked twice, voted down by two users: exported once, with both votes.
  rec({
    answer: "m2",
    user: ALICE,
    vote: "down",
    question: "Siapa  Darmin?",
    passageId: "jack-ma-5-janji:8",
  }),
  rec({ answer: "m3", user: BOB, vote: "down", question: "Siapa Darmin?", passageId: "jack-ma-5-janji:7" }),
  rec({ answer: "m3", user: ALICE, vote: "up", question: "Siapa Darmin?", passageId: "jack-ma-5-janji:7" }),
  // The bot said the article does not answer, and the user disagreed.
  rec({
    answer: "console:1",
    user: BOB,
    vote: "down",
    question: "Berapa umur Jack Ma?",
    passageId: null,
    tier: "none",
    confidence: 0.1,
  }),
  // Only ever "Helpful".
  rec({ answer: "m4", user: BOB, vote: "up", question: "Di mana Darmin bertemu Jack Ma?" }),
];

describe("exportNotHelpful", () => {
  it("lists each question with an effective Not helpful vote once, in the golden set's format", () => {
    const exported = exportNotHelpful(records);
    expect(exported.questions).toEqual([
      {
        question: "Siapa Darmin?",
        category: "feedback",
        expected: null,
        quoted: "jack-ma-5-janji:7",
        tier: "answer",
        corpusVersion: "v1",
        votes: { up: 1, down: 2 },
      },
      {
        question: "Berapa umur Jack Ma?",
        category: "feedback",
        expected: null,
        quoted: null,
        tier: "none",
        corpusVersion: "v1",
        votes: { up: 0, down: 1 },
      },
    ]);
    expect(exported.description).toMatch(/a person[^.]*sets expected to the id of the passage/);
    expect(exported.description).toMatch(/keeps null when the article does not answer/);
  });

  it("exports nothing when every vote was changed to Helpful", () => {
    expect(exportNotHelpful(records.slice(0, 2)).questions).toEqual([]);
  });

  describe("the golden loader (npm run eval -- FILE)", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "feedback-export-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const passage = (id: string): Passage => ({
      id,
      articleSlug: id.split(":")[0] as string,
      articleTitle: "Jack Ma",
      section: null,
      paragraph: Number(id.split(":")[1]),
      text: "…",
    });

    it("accepts the export as written, and once a person has set expected", async () => {
      const file = join(dir, "not-helpful.json");
      await writeFile(file, JSON.stringify(exportNotHelpful(records), null, 1));
      const corpus = async (): Promise<Passage[]> => [passage("jack-ma-5-janji:7")];
      const loaded = await loadEvalFile(file, corpus);
      expect(loaded.questions).toEqual([
        { question: "Siapa Darmin?", gold: null, category: "feedback" },
        { question: "Berapa umur Jack Ma?", gold: null, category: "feedback" },
      ]);

      const edited = JSON.parse(await readFile(file, "utf8"));
      edited.questions[0].expected = "jack-ma-5-janji:7";
      await writeFile(file, JSON.stringify(edited));
      expect((await loadEvalFile(file, corpus)).questions[0]).toEqual({
        question: "Siapa Darmin?",
        gold: ["jack-ma-5-janji:7"],
        category: "feedback",
      });
    });
  });
});
