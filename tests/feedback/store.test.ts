import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FeedbackSaltError,
  FeedbackStore,
  FeedbackWriteError,
  type RatingInput,
} from "../../src/feedback/store.js";
import { readFeedback } from "../../src/feedback/tally.js";

const ALICE = "123456789012345678";
const BOB = "876543210987654321";

function vote(overrides: Partial<RatingInput> = {}): RatingInput {
  return {
    corpusVersion: "v1",
    answer: "1100000000000000001",
    question: "Kapan Double Eleven?",
    passageId: "jack-ma-5-janji:10",
    tier: "answer",
    confidence: 0.91,
    vote: "up",
    userId: ALICE,
    ...overrides,
  };
}

describe("FeedbackStore", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "feedback-store-"));
    file = join(dir, "nested", "data", "feedback.jsonl");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates nothing until the first vote, then the folder, the file and a 0600 salt", async () => {
    const store = new FeedbackStore(file, { now: () => new Date("2025-01-02T03:04:05.000Z") });
    expect(await readdir(dir)).toEqual([]);
    const record = store.record(vote());
    expect(existsSync(file)).toBe(true);
    const salt = statSync(`${file}.salt`);
    expect(salt.mode & 0o777).toBe(0o600);
    expect(readFileSync(`${file}.salt`, "utf8")).toMatch(/^[0-9a-f]{64}\n$/);
    // Nothing else: no draft of the salt left behind.
    expect((await readdir(join(dir, "nested", "data"))).sort()).toEqual([
      "feedback.jsonl",
      "feedback.jsonl.salt",
    ]);
    expect(record).toEqual({
      time: "2025-01-02T03:04:05.000Z",
      corpusVersion: "v1",
      answer: "1100000000000000001",
      question: "Kapan Double Eleven?",
      passageId: "jack-ma-5-janji:10",
      tier: "answer",
      confidence: 0.91,
      vote: "up",
      user: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(record)}\n`);
  });

  it("appends one whole line per vote, read back as written", () => {
    const store = new FeedbackStore(file);
    const written = [
      store.record(vote()),
      store.record(vote({ vote: "down", question: 'Ada "kutipan" |\n dan baris baru?' })),
      store.record(vote({ passageId: null, tier: "none", confidence: null, answer: "console:3" })),
    ];
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")).toHaveLength(4); // three lines and the final newline
    expect(readFeedback(text)).toEqual({ records: written, malformed: 0 });
  });

  it("never writes the raw user id, in the file or the salt", () => {
    const store = new FeedbackStore(file);
    store.record(vote({ userId: ALICE }));
    store.record(vote({ userId: BOB, vote: "down" }));
    for (const path of [file, `${file}.salt`]) {
      const text = readFileSync(path, "utf8");
      expect(text).not.toContain(ALICE);
      expect(text).not.toContain(BOB);
      expect(text).not.toContain("userId");
    }
  });

  it("gives a user the same hash every time, and different users different hashes", () => {
    const store = new FeedbackStore(file);
    const a1 = store.record(vote({ userId: ALICE })).user;
    const a2 = store.record(vote({ userId: ALICE, answer: "other" })).user;
    const b = store.record(vote({ userId: BOB })).user;
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });

  it("reuses the salt across store instances (a restart), and another installation's salt differs", async () => {
    const first = new FeedbackStore(file).record(vote()).user;
    const salt = readFileSync(`${file}.salt`, "utf8");
    const again = new FeedbackStore(file).record(vote()).user;
    expect(again).toBe(first);
    expect(readFileSync(`${file}.salt`, "utf8")).toBe(salt);
    const elsewhere = new FeedbackStore(join(dir, "other.jsonl")).record(vote()).user;
    expect(elsewhere).not.toBe(first);
  });

  it("refuses a damaged salt file with a typed error naming it, writing nothing", async () => {
    await mkdir(join(dir, "nested", "data"), { recursive: true });
    writeFileSync(`${file}.salt`, "not hex\n");
    const store = new FeedbackStore(file);
    let error: unknown;
    try {
      store.record(vote());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedbackSaltError);
    expect(error).toBeInstanceOf(FeedbackWriteError); // callers catch one class
    expect((error as FeedbackSaltError).file).toBe(`${file}.salt`);
    expect((error as Error).message).toContain(`${file}.salt`);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses an unreadable salt file (a folder in its place) with the same typed error", async () => {
    await mkdir(`${file}.salt`, { recursive: true });
    expect(() => new FeedbackStore(file).record(vote())).toThrow(FeedbackSaltError);
  });

  it("throws FeedbackWriteError naming the file and the cause when the file cannot be written", async () => {
    await mkdir(file, { recursive: true }); // a folder where the file should be: EISDIR
    const store = new FeedbackStore(file);
    let error: unknown;
    try {
      store.record(vote());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedbackWriteError);
    expect(error).not.toBeInstanceOf(FeedbackSaltError);
    expect((error as FeedbackWriteError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/EISDIR/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("throws FeedbackWriteError when the folder cannot be created", async () => {
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "a file, not a folder");
    const inside = join(blocker, "feedback.jsonl");
    expect(() => new FeedbackStore(inside).record(vote())).toThrow(FeedbackWriteError);
    expect(() => new FeedbackStore(inside).record(vote())).toThrow(inside);
  });

  it("refuses a malformed vote instead of writing a line the tally would drop", () => {
    const store = new FeedbackStore(file);
    expect(() => store.record(vote({ confidence: Number.NaN }))).toThrow(TypeError);
    expect(() => store.record(vote({ userId: "" }))).toThrow(TypeError);
    expect(existsSync(file)).toBe(false);
  });
});
