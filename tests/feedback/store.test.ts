import { execFileSync } from "node:child_process";
import { constants, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, open, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FeedbackNotAFileError,
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
    const record = await store.record(vote());
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

  it("appends one whole line per vote, read back as written", async () => {
    const store = new FeedbackStore(file);
    const written = [
      await store.record(vote()),
      await store.record(vote({ vote: "down", question: 'Ada "kutipan" |\n dan baris baru?' })),
      await store.record(vote({ passageId: null, tier: "none", confidence: null, answer: "console:3" })),
    ];
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")).toHaveLength(4); // three lines and the final newline
    expect(readFeedback(text)).toEqual({ records: written, malformed: 0 });
  });

  it("never writes the raw user id, in the file or the salt", async () => {
    const store = new FeedbackStore(file);
    await store.record(vote({ userId: ALICE }));
    await store.record(vote({ userId: BOB, vote: "down" }));
    for (const path of [file, `${file}.salt`]) {
      const text = readFileSync(path, "utf8");
      expect(text).not.toContain(ALICE);
      expect(text).not.toContain(BOB);
      expect(text).not.toContain("userId");
    }
  });

  it("gives a user the same hash every time, and different users different hashes", async () => {
    const store = new FeedbackStore(file);
    const a1 = (await store.record(vote({ userId: ALICE }))).user;
    const a2 = (await store.record(vote({ userId: ALICE, answer: "other" }))).user;
    const b = (await store.record(vote({ userId: BOB }))).user;
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
  });

  it("reuses the salt across store instances (a restart), and another installation's salt differs", async () => {
    const first = (await new FeedbackStore(file).record(vote())).user;
    const salt = readFileSync(`${file}.salt`, "utf8");
    const again = (await new FeedbackStore(file).record(vote())).user;
    expect(again).toBe(first);
    expect(readFileSync(`${file}.salt`, "utf8")).toBe(salt);
    const elsewhere = (await new FeedbackStore(join(dir, "other.jsonl")).record(vote())).user;
    expect(elsewhere).not.toBe(first);
  });

  it("refuses a damaged salt file with a typed error naming it, writing nothing", async () => {
    await mkdir(join(dir, "nested", "data"), { recursive: true });
    writeFileSync(`${file}.salt`, "not hex\n");
    const store = new FeedbackStore(file);
    const error = await store.record(vote()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedbackSaltError);
    expect(error).toBeInstanceOf(FeedbackWriteError); // callers catch one class
    expect((error as FeedbackSaltError).file).toBe(`${file}.salt`);
    expect((error as Error).message).toContain(`${file}.salt`);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses an unreadable salt file (a folder in its place) with the same typed error", async () => {
    await mkdir(`${file}.salt`, { recursive: true });
    await expect(new FeedbackStore(file).record(vote())).rejects.toThrow(FeedbackSaltError);
  });

  it("throws FeedbackWriteError naming the file and the cause when the file cannot be written", async () => {
    await mkdir(file, { recursive: true }); // a folder where the file should be: EISDIR
    const store = new FeedbackStore(file);
    const error = await store.record(vote()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedbackWriteError);
    expect(error).not.toBeInstanceOf(FeedbackSaltError);
    expect((error as FeedbackWriteError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/EISDIR/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("escapes control characters of the path in its messages (they reach logs and terminals)", async () => {
    const crafted = join(dir, "votes\u001b[31m\u202e.jsonl");
    await mkdir(crafted, { recursive: true });
    const error = await new FeedbackStore(crafted).record(vote()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedbackWriteError);
    expect((error as FeedbackWriteError).file).toBe(crafted);
    expect((error as Error).message).toContain("votes\\u001b[31m\\u202e.jsonl");
    // Neither the escape nor the direction override reaches the output raw.
    for (const raw of ["\u001b", "\u202e"]) expect((error as Error).message).not.toContain(raw);
  });

  it("throws FeedbackWriteError when the folder cannot be created", async () => {
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "a file, not a folder");
    const inside = join(blocker, "feedback.jsonl");
    await expect(new FeedbackStore(inside).record(vote())).rejects.toThrow(FeedbackWriteError);
    await expect(new FeedbackStore(inside).record(vote())).rejects.toThrow(inside);
  });

  it("refuses a malformed vote instead of writing a line the tally would drop", async () => {
    const store = new FeedbackStore(file);
    await expect(store.record(vote({ confidence: Number.NaN }))).rejects.toThrow(TypeError);
    await expect(store.record(vote({ userId: "" }))).rejects.toThrow(TypeError);
    expect(existsSync(file)).toBe(false);
  });

  describe("refuses what is not a regular file, never following a link or waiting on a pipe", () => {
    const folder = (): string => join(dir, "nested", "data");
    const SALT = `${"ab".repeat(32)}\n`;

    it("a symbolic link at the file: a typed error naming it, nothing written through it", async () => {
      await mkdir(folder(), { recursive: true });
      const target = join(dir, "precious.txt");
      writeFileSync(target, "precious\n");
      symlinkSync(target, file);
      const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedbackNotAFileError);
      expect(error).toBeInstanceOf(FeedbackWriteError); // callers catch one class
      expect((error as FeedbackNotAFileError).file).toBe(file);
      expect((error as FeedbackNotAFileError).kind).toBe("symbolic link");
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain("symbolic link");
      expect(readFileSync(target, "utf8")).toBe("precious\n");
    });

    it("a symbolic link at the salt, even to a valid salt: refused naming it, no vote written", async () => {
      await mkdir(folder(), { recursive: true });
      const elsewhere = join(dir, "someone-elses.salt");
      writeFileSync(elsewhere, SALT);
      symlinkSync(elsewhere, `${file}.salt`);
      const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedbackSaltError);
      expect((error as FeedbackSaltError).file).toBe(`${file}.salt`);
      expect((error as Error).message).toContain(`${file}.salt`);
      expect((error as Error).message).toContain("symbolic link");
      expect(existsSync(file)).toBe(false);
      expect(readFileSync(elsewhere, "utf8")).toBe(SALT);
    });

    it("a FIFO at the file with a reader waiting: refused after the open, nothing sent down it", async () => {
      await mkdir(folder(), { recursive: true });
      execFileSync("mkfifo", [file]);
      // Non-blocking, so this open returns at once; it makes the writer's open succeed too.
      const reader = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FeedbackNotAFileError);
        expect((error as FeedbackNotAFileError).kind).toBe("FIFO (named pipe)");
        expect((error as Error).message).toContain(file);
        const { bytesRead } = await reader
          .read(Buffer.alloc(4096), 0, 4096, null)
          .catch(() => ({ bytesRead: 0 }));
        expect(bytesRead).toBe(0);
      } finally {
        await reader.close();
      }
    });

    it("a FIFO at the file with no reader: refused at once", async () => {
      await mkdir(folder(), { recursive: true });
      execFileSync("mkfifo", [file]);
      // Opened for writing without O_NONBLOCK, it would wait for a reader forever.
      const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedbackNotAFileError);
      expect((error as FeedbackNotAFileError).kind).toBe("FIFO (named pipe)");
    });

    it("a socket at the file: refused naming what it is", async () => {
      await mkdir(folder(), { recursive: true });
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(file, resolve));
      try {
        const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FeedbackNotAFileError);
        expect((error as FeedbackNotAFileError).kind).toBe("socket");
        expect((error as Error).message).toContain(file);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it("a folder at the file is named as one", async () => {
      await mkdir(file, { recursive: true });
      const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedbackNotAFileError);
      expect((error as FeedbackNotAFileError).kind).toBe("directory");
    });

    it("a FIFO at the salt (no writer): a salt error naming it, no vote written", async () => {
      await mkdir(folder(), { recursive: true });
      execFileSync("mkfifo", [`${file}.salt`]);
      // Opened for reading without O_NONBLOCK, it would wait for a writer forever.
      const error = await new FeedbackStore(file).record(vote()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedbackSaltError);
      expect((error as Error).message).toContain(`${file}.salt`);
      expect((error as Error).message).toContain("FIFO");
      expect(existsSync(file)).toBe(false);
    });

    it("records again once the path is fixed (a failed salt is not remembered)", async () => {
      await mkdir(folder(), { recursive: true });
      symlinkSync(join(dir, "nowhere"), `${file}.salt`);
      const store = new FeedbackStore(file);
      await expect(store.record(vote())).rejects.toThrow(FeedbackSaltError);
      await rm(`${file}.salt`);
      expect((await store.record(vote())).user).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("records votes cast at once: one salt, one whole line each, the same user hashed alike", async () => {
    const store = new FeedbackStore(file);
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.record(vote({ answer: `m${i}` }))),
    );
    const { records, malformed } = readFeedback(readFileSync(file, "utf8"));
    expect(malformed).toBe(0);
    expect(records.map((r) => r.answer).sort()).toEqual(written.map((r) => r.answer).sort());
    expect(new Set(records.map((r) => r.user)).size).toBe(1);
    expect((await readdir(join(dir, "nested", "data"))).sort()).toEqual([
      "feedback.jsonl",
      "feedback.jsonl.salt",
    ]);
  });
});
