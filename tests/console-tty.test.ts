import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs the console in a pseudo-terminal (util-linux `script`), `columns` wide when given: each step
 * types its keys once the screen shows its text.
 */
function typeInTerminal(
  steps: readonly { after: string; keys: readonly string[] }[],
  columns?: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const node = `${JSON.stringify(process.execPath)} --import tsx src/main.ts`;
    const command = columns === undefined ? node : `stty cols ${columns} rows 50 && ${node}`;
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: "", LOG_LEVEL: "warn", LANG: "C", TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let next = 0;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      screen += chunk;
      const step = steps[next];
      if (step && screen.includes(step.after)) {
        next += 1;
        for (const key of step.keys) child.stdin.write(key);
      }
    });
    child.on("error", reject);
    child.on("close", () => resolve(screen));
  });
}

describe("the console in a terminal", () => {
  it("shows what is typed, backspace included, before the answer", async () => {
    // `/abx`, backspace, `out`, Enter: the line reads `/about`.
    const screen = await typeInTerminal([
      { after: "> ", keys: ["/abx", "\u007f", "out\r"] },
      { after: "About tanya-artikel", keys: ["/quit\r"] },
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the terminal's cursor codes is the point
    const plain = screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
    // Each key is echoed; after the backspace the line is redrawn as `> /ab`, then `out` follows.
    expect(plain).toContain("> /abx");
    expect(plain).toMatch(/> \/ab(?!x)out/);
    // The command stays on screen above its answer, and the next one below it.
    expect(plain.indexOf("== About tanya-artikel ==")).toBeGreaterThan(plain.indexOf("> /ab"));
    expect(plain.lastIndexOf("> /quit")).toBeGreaterThan(plain.indexOf("== About"));
  });

  it("wraps answers at the terminal's width, keeping the quote's words", async () => {
    const question = "Berapa defisit neraca perdagangan Indonesia dan Tiongkok?";
    const screen = await typeInTerminal(
      [
        { after: "> ", keys: [`${question}\r`] },
        { after: "Match 1 of", keys: ["/quit\r"] },
      ],
      50,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the terminal's codes is the point
    const plain = screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
    const answer = plain.slice(plain.indexOf("== "));
    expect(answer.replace(/\s+/g, " ")).toContain(
      "“Badan Pusat Statistik (BPS) mencatat defisi neraca perdagangan Indonesia dan Tiongkok sebesar 8,1 miliar dolar AS",
    );
    const lines = answer.split("\n").filter((line) => !line.startsWith("> ") && /\s\S/.test(line.trim()));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(50);
  });
});
