import { constants } from "node:fs";
import type { FileHandle } from "node:fs/promises";

/**
 * Non-blocking, so opening a FIFO returns at once instead of waiting for a writer; no-follow, so a
 * link swapped in after the path was resolved is refused.
 */
export const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** Reads the whole file, never more than `size` bytes (a file still being written may grow). */
export async function readBounded(handle: FileHandle, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}
