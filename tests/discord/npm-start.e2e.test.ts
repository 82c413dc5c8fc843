import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TOKEN = "NPMSTART.token-for-tests_0123456789";

interface PackageJson {
  scripts: Record<string, string>;
}

// The scripts `exec` node, which needs a POSIX shell; npm runs them through cmd.exe on Windows, where
// the README has them run as `node scripts/start.mjs` instead.
const posixShell = process.platform !== "win32";

describe.runIf(posixShell)("the scripts that start the bot", () => {
  // The tsx CLI runs the bot as its child and relays signals; when the bot's event loop is busy it
  // does not acknowledge a signal within ~60 ms and tsx kills it (exit 143, interactions lost).
  // `exec`: npm runs a script through sh, and dash stays in between; the SIGTERM npm forwards
  // would end sh and leave the bot running, orphaned, while npm exits 143.
  it.each(["start", "start:sharded", "register"])(
    "%s runs node itself, which gets the signals",
    async (name) => {
      const pkg = JSON.parse(await readFile(`${ROOT}/package.json`, "utf8")) as PackageJson;
      // scripts/start.mjs imports the compiled entry point into its own process (no child to relay to).
      expect(pkg.scripts[name]).toMatch(/^exec node scripts\/start\.mjs( [\w:]+)?$/);
    },
  );
});

interface NpmStart {
  child: ChildProcess;
  output: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** `npm start` itself, as a user or a supervisor runs it, in its own process group. */
function npmStart(apiUrl: string): NpmStart {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: "111111111111111111",
      DISCORD_API_URL: apiUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
  }
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output: () => output, exited };
}

// A supervisor that tracks npm's pid signals npm alone, which forwards the signal to its script;
// Ctrl+C (and systemd) signal the whole process group, so the bot gets it twice: from the terminal
// and from npm. A busy bot reads both at once; an idle one reads the second after the first.
const STOPS: [string, NodeJS.Signals, "npm" | "group", { burst: number; latencyMs: number }][] = [
  ["SIGTERM to npm's pid, 1,000 in flight", "SIGTERM", "npm", { burst: 1_000, latencyMs: 200 }],
  [
    "SIGINT to the process group (Ctrl+C), 1,000 in flight",
    "SIGINT",
    "group",
    { burst: 1_000, latencyMs: 200 },
  ],
  [
    "SIGINT to the process group (Ctrl+C), 20 held in flight",
    "SIGINT",
    "group",
    { burst: 20, latencyMs: 1_000 },
  ],
];

describe.runIf(posixShell)("npm start, stopped while busy with a burst of interactions", () => {
  const discord = new FakeDiscord(TOKEN);
  const make = new InteractionFactory(discord);
  const started: NpmStart[] = [];

  beforeAll(async () => {
    await discord.start();
  });

  afterAll(async () => {
    for (const { child } of started) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL"); // nothing of a failed run left behind
      } catch {
        // Already gone.
      }
    }
    await discord.stop();
  });

  it.each(STOPS)(
    "%s: every interaction in flight is answered exactly once, the shutdown is logged, exit 0",
    async (_, signal, target, { burst, latencyMs }) => {
      const bot = npmStart(discord.apiUrl);
      started.push(bot);
      await vi.waitFor(() => expect(bot.output()).toContain('"event":"ready"'), {
        timeout: 30_000,
        interval: 50,
      });
      discord.callbackLatencyMs = latencyMs;
      // One question from each of `burst` users, so no cooldown applies.
      const firstUser = 600000000000000000n + BigInt(started.length) * 10_000n;
      const sent = Array.from({ length: burst }, (_, i) =>
        discord.deliver(
          make.command("ask", [{ name: "question", type: 3, value: `Kapan Double Eleven? ${i}` }], {
            id: String(firstUser + BigInt(i)),
          }),
        ),
      );
      // The signal comes while the bot is still working through the burst, as a deploy sends it.
      await discord.waitFor(() => discord.callbackFor(sent[Math.min(50, burst - 1)]?.id as string), 20_000);
      const pid = bot.child.pid as number;
      process.kill(target === "group" ? -pid : pid, signal);

      const [code, killedBy] = await bot.exited;
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
      expect(bot.output()).toContain('"event":"shutdown"');
      expect(bot.output()).toContain('"event":"stopped"');
      for (const interaction of sent) {
        const callbacks = discord.calls.filter((c) =>
          c.path.startsWith(`/api/v10/interactions/${interaction.id as string}/`),
        );
        expect(callbacks.length, `callbacks for ${interaction.id as string}`).toBe(1);
      }
      expect(bot.output()).not.toContain("interaction_failed");
    },
    60_000,
  );
});
