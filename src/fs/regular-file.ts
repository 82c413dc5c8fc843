/**
 * Opening a path only when it holds a regular file, without ever waiting on what is there instead.
 *
 * Shared by the corpus loader, the index cache and the feedback store. O_NOFOLLOW refuses a symbolic
 * link at the path (votes must not be written, nor a snapshot read, through a link to a file elsewhere;
 * a link swapped in after a path was resolved is refused); O_NONBLOCK makes a FIFO's open return at once instead of waiting, forever, for the other
 * end; and fstat on the opened file refuses anything else that opened (a FIFO with a reader, a
 * directory, a device). All of it through node:fs/promises, on libuv's thread pool, off the event loop.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open } from "node:fs/promises";
import { errorCode } from "../guards.js";

/** What sits at a path where a regular file was expected. */
export type FileKind =
  | "symbolic link"
  | "directory"
  | "FIFO (named pipe)"
  | "socket"
  | "character device"
  | "block device"
  | "special file";

/** The path holds something other than a regular file; nothing was read or written through it. */
export class NotARegularFileError extends Error {
  override readonly name: string = "NotARegularFileError";
  constructor(
    readonly path: string,
    readonly kind: FileKind,
    cause?: unknown,
  ) {
    super(`${path} is a ${kind}, not a regular file`, cause === undefined ? undefined : { cause });
  }
}

/** What `stats` describe, or undefined for a regular file. */
export function fileKindOf(stats: Stats): FileKind | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return "symbolic link";
  if (stats.isDirectory()) return "directory";
  if (stats.isFIFO()) return "FIFO (named pipe)";
  if (stats.isSocket()) return "socket";
  if (stats.isCharacterDevice()) return "character device";
  if (stats.isBlockDevice()) return "block device";
  return "special file";
}

/** Codes an open gives for a path that is not a regular file: a link (ELOOP), a folder, a socket or a FIFO with no reader (ENXIO), a device. */
const NOT_A_FILE_CODES = new Set(["ELOOP", "EISDIR", "ENXIO", "ENODEV", "EOPNOTSUPP", "ETXTBSY"]);

/** Names what made the open fail when that is a path that is not a regular file; undefined otherwise. */
async function refusedKind(path: string, error: unknown): Promise<FileKind | undefined> {
  if (!NOT_A_FILE_CODES.has(errorCode(error) ?? "")) return undefined;
  try {
    // Only to name it: the refusal itself came from the open.
    return fileKindOf(await lstat(path));
  } catch {
    return undefined;
  }
}

/** A regular file opened, with the stats read on its handle. */
export interface OpenedRegularFile {
  handle: FileHandle;
  stats: Stats;
}

/**
 * Opens `path` with `flags` (plus O_NOFOLLOW and O_NONBLOCK) when it is a regular file, or creates it
 * with `mode` when `flags` has O_CREAT, and gives its stats as read on the open handle (a size checked
 * there is the size of what will be read). Throws NotARegularFileError when something else is there,
 * and the open's own error (ENOENT, EACCES...) otherwise.
 */
export async function openRegularFileWithStats(
  path: string,
  flags: number,
  mode?: number,
): Promise<OpenedRegularFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, mode);
  } catch (error) {
    const kind = await refusedKind(path, error);
    if (kind !== undefined) throw new NotARegularFileError(path, kind, error);
    throw error;
  }
  try {
    // Checked on the open file, so what is read or written is what was checked.
    const stats = await handle.stat();
    const kind = fileKindOf(stats);
    if (kind !== undefined) throw new NotARegularFileError(path, kind);
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** `openRegularFileWithStats` for a caller that needs only the handle. */
export async function openRegularFile(path: string, flags: number, mode?: number): Promise<FileHandle> {
  return (await openRegularFileWithStats(path, flags, mode)).handle;
}
