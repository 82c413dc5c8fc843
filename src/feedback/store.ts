/**
 * Answer ratings: every press of "Helpful" / "Not helpful" is appended to a JSON Lines file, one line per
 * vote, so nothing is ever rewritten and several processes (shards) can append to the same file.
 *
 * Users are kept apart (one vote per user per answer) without keeping who they are: the Discord user id is
 * replaced by its HMAC-SHA256 under a per-installation salt, kept in `${file}.salt`. Without the salt the
 * hashes cannot be matched to ids by hashing every id; the raw id is never written anywhere.
 */
import { createHmac, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, link, mkdir, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { readBounded } from "../fs/read-bounded.js";
import { type FileKind, NotARegularFileError, openRegularFile } from "../fs/regular-file.js";
import { errorCode, isRecord } from "../guards.js";
import { escapeControls, printable } from "../printable.js";
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

/** A vote could not be recorded; the caller logs it and tells the user it was not saved. */
export class FeedbackWriteError extends Error {
  override readonly name: string = "FeedbackWriteError";
  constructor(
    /** The file that could not be written (or read, for the salt). */
    readonly file: string,
    cause: unknown,
    message = `cannot record the vote in ${printable(file)}: ${escapeControls(cause instanceof Error ? cause.message : String(cause))}`,
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
      `${printable(file)}: ${problem}. It must hold the 64 hex digits of the feedback salt: restore it, or delete it to ` +
        "start a new salt (earlier votes then count as other users')",
    );
  }
}

/**
 * Something other than a regular file is at the feedback file's path (a symbolic link, a FIFO, a
 * folder, a device, a socket): refused without following, waiting on or writing to it.
 */
export class FeedbackNotAFileError extends FeedbackWriteError {
  override readonly name: string = "FeedbackNotAFileError";
  readonly kind: FileKind;
  constructor(file: string, refused: NotARegularFileError) {
    const code = errorCode(refused.cause);
    super(
      file,
      refused,
      `cannot record the vote in ${printable(file)}: it is a ${refused.kind}, not a regular file` +
        `${code ? ` (${code})` : ""}; votes are only appended to a regular file (set FEEDBACK_FILE to one)`,
    );
    this.kind = refused.kind;
  }
}

const TIERS: readonly string[] = ["answer", "maybe", "none"] satisfies readonly Tier[];
const VOTES: readonly string[] = ["up", "down"] satisfies readonly Vote[];
const SALT = /^[0-9a-f]{64}$/;

/**
 * What is wrong with a record's shape, or undefined when it is a whole record: checked before a vote is
 * written (so the file never holds a line the tally would drop) and on every line read.
 */
export function feedbackRecordProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "not a JSON object";
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

/** A salt file is 65 bytes: anything much longer is not one, and is not read past this. */
const SALT_READ_LIMIT = 1024;

/**
 * The installation's salt: read from `saltFile`, or created there (32 random bytes, hex, mode 0600) when
 * it does not exist. It is written to a file of its own and linked into place, so a process that finds
 * the salt file always finds it whole, and two processes creating it at once agree on one salt.
 */
async function loadOrCreateSalt(saltFile: string): Promise<Buffer> {
  const existing = await readSalt(saltFile);
  if (existing !== undefined) return existing;
  const draft = `${saltFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    // O_EXCL: a new file of our own, never anything already at the draft's path.
    const handle = await open(draft, "wx", 0o600);
    try {
      await handle.chmod(0o600); // whatever the umask
      const text = Buffer.from(`${randomBytes(32).toString("hex")}\n`, "utf8");
      const { bytesWritten } = await handle.write(text);
      if (bytesWritten !== text.length) throw new Error(`wrote ${bytesWritten} of ${text.length} bytes`);
    } finally {
      await handle.close();
    }
    try {
      // link(2) never follows or replaces what is at saltFile: a link planted there stays, and is refused below.
      await link(draft, saltFile);
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw error; // another process made it first: use theirs
    }
  } catch (error) {
    throw new FeedbackWriteError(
      saltFile,
      error,
      `cannot create the feedback salt ${printable(saltFile)}: ${escapeControls(error instanceof Error ? error.message : String(error))}`,
    );
  } finally {
    await unlink(draft).catch(() => {
      // never created
    });
  }
  const created = await readSalt(saltFile);
  if (created === undefined) throw new FeedbackSaltError(saltFile, "disappeared as soon as it was created");
  return created;
}

/** The salt in `saltFile`, or undefined when there is no such file. */
async function readSalt(saltFile: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    const handle = await openRegularFile(saltFile, constants.O_RDONLY);
    try {
      text = Buffer.from(await readBounded(handle, SALT_READ_LIMIT)).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof NotARegularFileError)
      throw new FeedbackSaltError(saltFile, `is a ${error.kind}, not a regular file`, error);
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
 * the file and its salt file `${file}.salt`. Each vote is one write of one whole line on a file opened
 * with O_APPEND, so a crash never leaves half a record and processes sharing the file never interleave.
 * Both files are opened only when they are regular files (see regular-file.ts), and all the I/O is
 * asynchronous: a FIFO, a slow disk or a network mount at the path never holds up the event loop.
 */
export class FeedbackStore {
  readonly saltFile: string;
  readonly #now: () => Date;
  /** Shared by votes cast while it loads; forgotten when it fails, so the next vote tries again. */
  #salt: Promise<Buffer> | undefined;

  constructor(
    readonly file: string,
    options: { now?: () => Date } = {},
  ) {
    this.saltFile = `${file}.salt`;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Records one vote and resolves to the line written. Rejects with FeedbackWriteError when it cannot
   * be recorded (FeedbackSaltError for a damaged salt file, FeedbackNotAFileError when something other
   * than a regular file is at the path), and with TypeError for a malformed input.
   */
  async record(input: RatingInput): Promise<FeedbackRecord> {
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
      await mkdir(dirname(this.file), { recursive: true });
    } catch (error) {
      throw new FeedbackWriteError(this.file, error);
    }
    const salt = await this.#loadSalt();
    const record = {
      ...draft,
      user: createHmac("sha256", salt).update(input.userId, "utf8").digest("hex"),
    };
    await this.#append(Buffer.from(`${JSON.stringify(record)}\n`, "utf8"));
    return record;
  }

  #loadSalt(): Promise<Buffer> {
    if (this.#salt === undefined) {
      const loading = loadOrCreateSalt(this.saltFile);
      this.#salt = loading;
      loading.catch(() => {
        if (this.#salt === loading) this.#salt = undefined;
      });
    }
    return this.#salt;
  }

  /** One write call for the whole line, on a file opened for appending. */
  async #append(line: Buffer): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await openRegularFile(
        this.file,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
        0o600,
      );
    } catch (error) {
      if (error instanceof NotARegularFileError) throw new FeedbackNotAFileError(this.file, error);
      throw new FeedbackWriteError(this.file, error);
    }
    try {
      const { bytesWritten } = await handle.write(line);
      if (bytesWritten !== line.length)
        throw new Error(`wrote ${bytesWritten} of ${line.length} bytes (disk full?)`);
    } catch (error) {
      await handle.close().catch(() => {
        // the write's error is the one to report
      });
      throw new FeedbackWriteError(this.file, error);
    }
    try {
      // A network file system may report a failed write only here.
      await handle.close();
    } catch (error) {
      throw new FeedbackWriteError(this.file, error);
    }
  }
}
