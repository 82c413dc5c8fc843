import { describe, expect, it } from "vitest";
import { effectiveVotes, readFeedback, tally } from "../../src/feedback/tally.js";
import { ALICE, BOB, lines, rec } from "./records.js";

describe("readFeedback", () => {
  it("reads every whole record in file order", () => {
    const records = [rec(), rec({ vote: "down", passageId: null, tier: "none", confidence: null })];
    expect(readFeedback(lines(records))).toEqual({ records, malformed: 0 });
    expect(readFeedback("")).toEqual({ records: [], malformed: 0 });
  });

  it("counts and skips malformed and truncated lines instead of throwing", () => {
    const good = [rec({ answer: "m1" }), rec({ answer: "m2" }), rec({ answer: "m3" })];
    const whole = JSON.stringify(good[2]);
    const text = [
      JSON.stringify(good[0]),
      "not json",
      JSON.stringify({ ...good[0], vote: "sideways" }),
      JSON.stringify({ ...good[0], user: undefined }),
      JSON.stringify({ ...good[0], tier: "certain" }),
      JSON.stringify({ ...good[0], confidence: "0.9" }),
      JSON.stringify({ ...good[0], time: "yesterday" }),
      "[1,2,3]",
      "",
      JSON.stringify(good[1]),
      whole.slice(0, 40), // a last line cut short
    ].join("\n");
    const { records, malformed } = readFeedback(text);
    expect(records).toEqual([good[0], good[1]]);
    expect(malformed).toBe(8);
  });

  it("still reads a vote appended to a line that was cut short", () => {
    const [cut, next] = [
      rec({ answer: "lost" }),
      rec({ answer: "kept", question: 'a "{\\"time\\":" inside' }),
    ];
    const text = `${JSON.stringify(cut).slice(0, 50)}${JSON.stringify(next)}\n`;
    expect(readFeedback(text)).toEqual({ records: [next], malformed: 1 });
  });

  it("drops fields it does not know", () => {
    const record = rec();
    expect(readFeedback(JSON.stringify({ ...record, userId: "123" })).records).toEqual([record]);
  });
});

describe("one vote per user per answer", () => {
  it("counts a changed vote once, with the latest click, and a second user separately", () => {
    const records = [
      rec({ user: ALICE, vote: "up" }),
      rec({ user: BOB, vote: "down" }),
      rec({ user: ALICE, vote: "down" }), // Alice changes her mind
      rec({ user: ALICE, vote: "down" }), // and clicks again
    ];
    expect(effectiveVotes(records)).toEqual([records[1], records[3]]);
    const result = tally(records);
    expect(result).toMatchObject({ records: 4, votes: 2, answers: 1 });
    expect(result.passages).toEqual([{ passage: "jack-ma-5-janji:10", up: 0, down: 2 }]);

    const back = tally([...records, rec({ user: ALICE, vote: "up" })]);
    expect(back.passages).toEqual([{ passage: "jack-ma-5-janji:10", up: 1, down: 1 }]);
  });

  it("counts the same user's votes on different answers separately", () => {
    const result = tally([rec({ answer: "m1" }), rec({ answer: "m2" }), rec({ answer: "console:1" })]);
    expect(result).toMatchObject({ votes: 3, answers: 3 });
    expect(result.questions).toEqual([expect.objectContaining({ up: 3, down: 0 })]);
  });
});

describe("tally", () => {
  const records = [
    rec({ answer: "m1", user: ALICE, vote: "up" }),
    rec({ answer: "m1", user: BOB, vote: "down" }),
    rec({
      answer: "m2",
      user: ALICE,
      vote: "down",
      question: "  Siapa   Darmin?\n",
      passageId: "jack-ma-5-janji:7",
    }),
    rec({ answer: "m3", user: BOB, vote: "down", question: "Siapa Darmin?", passageId: "jack-ma-5-janji:8" }),
    rec({
      answer: "m4",
      user: BOB,
      vote: "down",
      question: "Berapa harga saham Alibaba?",
      passageId: null,
      tier: "none",
      confidence: 0.05,
    }),
    rec({ answer: "m5", user: ALICE, vote: "up", question: "Apa itu Double Eleven?", tier: "maybe" }),
    rec({ answer: "m6", user: ALICE, vote: "up", question: "siapa darmin?", passageId: "jack-ma-5-janji:7" }),
  ];

  it('counts votes on an older corpus\'s answers apart from those on "not in the article"', () => {
    const older = rec({
      answer: "m7",
      user: BOB,
      vote: "up",
      passageId: null,
      tier: "answer",
      corpusVersion: "old12345",
    });
    const none = rec({ answer: "m8", user: BOB, vote: "down", passageId: null, tier: "none" });
    expect(tally([older, none]).passages).toEqual([
      { passage: "(none)", up: 0, down: 1 },
      { passage: "(older corpus)", up: 1, down: 0 },
    ]);
  });

  it("counts per passage, (none) for answers that quoted none, most Not helpful first", () => {
    expect(tally(records).passages).toEqual([
      { passage: "(none)", up: 0, down: 1 },
      { passage: "jack-ma-5-janji:8", up: 0, down: 1 },
      { passage: "jack-ma-5-janji:7", up: 1, down: 1 },
      { passage: "jack-ma-5-janji:10", up: 2, down: 1 },
    ]);
  });

  it("counts per question (whitespace normalised, exact text) with the latest vote's passage and tier", () => {
    expect(tally(records).questions).toEqual([
      {
        question: "Siapa Darmin?",
        up: 0,
        down: 2,
        passageId: "jack-ma-5-janji:8",
        tier: "answer",
        corpusVersion: "v1",
      },
      {
        question: "Berapa harga saham Alibaba?",
        up: 0,
        down: 1,
        passageId: null,
        tier: "none",
        corpusVersion: "v1",
      },
      {
        question: "Kapan Double Eleven?",
        up: 1,
        down: 1,
        passageId: "jack-ma-5-janji:10",
        tier: "answer",
        corpusVersion: "v1",
      },
      {
        question: "Apa itu Double Eleven?",
        up: 1,
        down: 0,
        passageId: "jack-ma-5-janji:10",
        tier: "maybe",
        corpusVersion: "v1",
      },
      {
        question: "siapa darmin?",
        up: 1,
        down: 0,
        passageId: "jack-ma-5-janji:7",
        tier: "answer",
        corpusVersion: "v1",
      },
    ]);
  });

  it("is empty without records", () => {
    expect(tally([])).toEqual({ records: 0, votes: 0, answers: 0, passages: [], questions: [] });
  });
});
