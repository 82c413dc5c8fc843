/**
 * Answer ratings: every press of "Helpful" / "Not helpful" is appended to a JSON Lines file, one line per
 * vote, so nothing is ever rewritten and several processes (shards) can append to the same file.
 *
 * Users are kept apart (one vote per user per answer) without keeping who they are: the Discord user id is
 * replaced by its HMAC-SHA256 under a per-installation salt, kept in `${file}.salt`. Without the salt the
 * hashes cannot be matched to ids by hashing every id; the raw id is never written anywhere.
 */
import { createHmac, randomBytes } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import type { Tier } from "../search/confidence.js";

export type Vote = "up" | "down";

/** One line of the feedback file. */
export interface FeedbackRecord {
  /** When the vote was recorded (ISO 8601). */
  time: string;
  /** Which version of the corpus the answer came from, so a passage id can be read against the right text. */
  corpusVersion: string;
  /** The rated answer: a Discord message id, or "console:<session start>:<n>" in the local console. */
  answer: string;
  question: string;
  /** The passage the answer quoted; null when the bot said the article does not answer. */
  passageId: string | null;
  tier: Tier;
  confidence: number | null;
  vote: Vote;
  /** HMAC-SHA256 of the user id under the installation's salt (64 hex digits), never the id itself. */
  user: string;
}

/** What the caller knows about a vote: the store adds the time and replaces `userId` by its hash. */
export type RatingInput = Omit<FeedbackRecord, "time" | "user"> & { userId: string };

/** A vote could not be recorded; the caller logs it and still thanks the user. */
export class FeedbackWriteError extends Error {
  override readonly name: string = "FeedbackWriteError";
  constructor(
    /** The file that could not be written (or read, for the salt). */
    readonly file: string,
    cause: unknown,
    message = `cannot record the vote in ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
  ) {
    super(message, { cause });
  }
}

/** The salt file exists but cannot be read or does not hold 64 hex digits: votes stop until it is fixed. */
export class FeedbackSaltError extends FeedbackWriteError {
  override readonly name: string = "FeedbackSaltError";
  constructor(file: string, problem: string, cause?: unknown) {
    super(
      file,
      cause ?? new Error(problem),
      `${file}: ${problem}. It must hold the 64 hex digits of the feedback salt: restore it, or delete it to ` +
        "start a new salt (earlier votes then count as other users')",
    );
  }
}

const TIERS: readonly string[] = ["answer", "maybe", "none"] satisfies readonly Tier[];
const VOTES: readonly string[] = ["up", "down"] satisfies readonly Vote[];
const SALT = /^[0-9a-f]{64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with a record's shape, or undefined when it is a whole record: checked before a vote is
 * written (so the file never holds a line the tally would drop) and on every line read.
 */
export function feedbackRecordProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  const { time, corpusVersion, answer, question, passageId, tier, confidence, vote, user } = value;
  if (typeof time !== "string" || Number.isNaN(Date.parse(time))) return "time is not an ISO date";
  if (typeof corpusVersion !== "string") return "corpusVersion is not a string";
  if (typeof answer !== "string" || answer === "") return "answer is not a non-empty string";
  if (typeof question !== "string") return "question is not a string";
  if (passageId !== null && (typeof passageId !== "string" || passageId === ""))
    return "passageId is neither a passage id nor null";
  if (typeof tier !== "string" || !TIERS.includes(tier)) return `tier is not one of ${TIERS.join(", ")}`;
  if (confidence !== null && !(typeof confidence === "number" && confidence >= 0 && confidence <= 1))
    return "confidence is neither a number from 0 to 1 nor null";
  if (typeof vote !== "string" || !VOTES.includes(vote)) return `vote is not one of ${VOTES.join(", ")}`;
  if (typeof user !== "string" || user === "") return "user is not a non-empty string";
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * The installation's salt: read from `saltFile`, or created there (32 random bytes, hex, mode 0600) when
 * it does not exist. It is written to a file of its own and linked into place, so a process that finds
 * the salt file always finds it whole, and two processes creating it at once agree on one salt.
 */
function loadOrCreateSalt(saltFile: string): Buffer {
  const existing = readSalt(saltFile);
  if (existing !== undefined) return existing;
  const draft = `${saltFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const fd = openSync(draft, "wx", 0o600);
    try {
      fchmodSync(fd, 0o600); // whatever the umask
      writeSync(fd, `${randomBytes(32).toString("hex")}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(draft, saltFile);
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw error; // another process made it first: use theirs
    }
  } catch (error) {
    throw new FeedbackWriteError(
      saltFile,
      error,
      `cannot create the feedback salt ${saltFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      // never created
    }
  }
  const created = readSalt(saltFile);
  if (created === undefined) throw new FeedbackSaltError(saltFile, "disappeared as soon as it was created");
  return created;
}

/** The salt in `saltFile`, or undefined when there is no such file. */
function readSalt(saltFile: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(saltFile, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw new FeedbackSaltError(
      saltFile,
      `cannot be read (${error instanceof Error ? error.message : String(error)})`,
      error,
    );
  }
  const hex = text.trim().toLowerCase();
  if (!SALT.test(hex)) throw new FeedbackSaltError(saltFile, "does not hold a salt");
  return Buffer.from(hex, "hex");
}

/**
 * Appends votes to a JSON Lines file. Nothing is created until the first vote: then the parent folder,
 * the file and its salt file `${file}.salt`. Each vote is one write(2) of one whole line on a file opened
 * with O_APPEND, so a crash never leaves half a record and processes sharing the file never interleave.
 * Synchronous: a vote is a few hundred bytes, written when a person presses a button.
 */
export class FeedbackStore {
  readonly saltFile: string;
  readonly #now: () => Date;
  #salt: Buffer | undefined;

  constructor(
    readonly file: string,
    options: { now?: () => Date } = {},
  ) {
    this.saltFile = `${file}.salt`;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Records one vote and returns the line written. Throws FeedbackWriteError (FeedbackSaltError for a
   * damaged salt file) when it cannot be recorded, and TypeError for a malformed input.
   */
  record(input: RatingInput): FeedbackRecord {
    if (typeof input.userId !== "string" || input.userId === "") throw new TypeError("feedback: no userId");
    // Field by field, so nothing else the caller passed (the raw userId above all) reaches the file.
    const draft: FeedbackRecord = {
      time: this.#now().toISOString(),
      corpusVersion: input.corpusVersion,
      answer: input.answer,
      question: input.question,
      passageId: input.passageId,
      tier: input.tier,
      confidence: input.confidence,
      vote: input.vote,
      user: "(hashed below)",
    };
    const problem = feedbackRecordProblem(draft);
    if (problem !== undefined) throw new TypeError(`feedback: ${problem}`);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
    } catch (error) {
      throw new FeedbackWriteError(this.file, error);
    }
    this.#salt ??= loadOrCreateSalt(this.saltFile);
    const record = {
      ...draft,
      user: createHmac("sha256", this.#salt).update(input.userId, "utf8").digest("hex"),
    };
    const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    try {
      const fd = openSync(this.file, "a", 0o600);
      try {
        const written = writeSync(fd, line);
        if (written !== line.length) throw new Error(`wrote ${written} of ${line.length} bytes (disk full?)`);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      throw new FeedbackWriteError(this.file, error);
    }
    return record;
  }
}
