import { execFileSync } from "node:child_process";
import { constants } from "node:fs";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  NotARegularFileError,
  openRegularFile,
  openRegularFileWithStats,
} from "../../src/fs/regular-file.js";

const folder = (): Promise<string> => mkdtemp(join(tmpdir(), "regular-file-"));

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("opened"),
    (error: unknown) => error,
  );
}

describe("the one way corpus, index cache and feedback files are opened", () => {
  it("opens a regular file and gives the size checked on the open handle", async () => {
    const file = join(await folder(), "a.md");
    await writeFile(file, "isi");
    const { handle, stats } = await openRegularFileWithStats(file, constants.O_RDONLY);
    try {
      expect(stats.isFile()).toBe(true);
      expect(stats.size).toBe(3);
      expect((await handle.readFile()).toString("utf8")).toBe("isi");
    } finally {
      await handle.close();
    }
  });

  it.each([
    ["a symbolic link", "symbolic link", async (path: string) => symlink("/etc/hostname", path)],
    [
      "a FIFO with no writer, without waiting for one",
      "FIFO (named pipe)",
      async (path: string) => {
        execFileSync("mkfifo", [path]);
      },
    ],
    ["a directory", "directory", async (path: string) => mkdir(path)],
  ])("refuses %s, naming what it is", async (_, kind, make) => {
    const path = join(await folder(), "x.md");
    await make(path);
    const error = await rejection(openRegularFile(path, constants.O_RDONLY));
    expect(error).toBeInstanceOf(NotARegularFileError);
    expect((error as NotARegularFileError).kind).toBe(kind);
    expect((error as Error).message).toBe(`${path} is a ${kind}, not a regular file`);
  });

  it("passes any other failure through as the open's own error", async () => {
    const error = await rejection(openRegularFile(join(await folder(), "none.md"), constants.O_RDONLY));
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
});
