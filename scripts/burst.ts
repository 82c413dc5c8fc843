/**
 * The burst benchmark (part of npm run bench; `npm run bench -- --burst` runs it alone): 500 /ask
 * from 100 users at once, through the fake Discord's gateway and through the HTTP endpoint, beside a
 * naive discord.js bot (scripts/naive-bot.ts), each bot in a process of its own as in production,
 * in rounds that take turns. What is timed is the first response: from the moment Discord hands an
 * interaction over (the gateway frame is sent, the HTTP request starts) to the moment its answer
 * arrives (the callback reaches the fake REST, the HTTP response ends).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Agent as UndiciAgent, request as undiciRequest } from "undici";
import { APPLICATION_ID, FakeDiscord, InteractionFactory } from "../tests/helpers/fake-discord.js";
import { generateDiscordKeys, signatureHeaders } from "../tests/http/discord-signing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "BENCH.token-for-the-burst_0123456789";
export const BURST_INTERACTIONS = 500;
export const BURST_USERS = 100;
const WARM_UP = 100;
/** Discord's deadline for the first response. */
const DEADLINE_MS = 3_000;

export interface BurstTarget {
  name: string;
  transport: "gateway" | "http";
  /** node arguments that start the bot. */
  args: string[];
}

export interface BurstRound {
  p50: number;
  p99: number;
  max: number;
  /** Answers that came within Discord's 3 s. */
  inTime: number;
  /** Answers that were an embed (not a cooldown or error notice). */
  embeds: number;
}

export const BURST_TARGETS = (before?: string): BurstTarget[] => [
  {
    name: "naive discord.js bot",
    transport: "gateway",
    args: ["--import", "tsx", join(ROOT, "scripts/naive-bot.ts")],
  },
  { name: "tanya-artikel, gateway", transport: "gateway", args: [join(ROOT, "dist/main.js")] },
  { name: "tanya-artikel, HTTP endpoint", transport: "http", args: [join(ROOT, "dist/endpoint.js")] },
  ...(before ? [{ name: "before (--burst-before)", transport: "gateway" as const, args: [before] }] : []),
];

function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

function summarise(latencies: number[], embeds: number): BurstRound {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    inTime: sorted.filter((ms) => ms <= DEADLINE_MS).length,
    embeds,
  };
}

/** Starts a bot process, its output (the log is on stderr) in a file; resolves once that holds `marker`. */
async function startBot(
  target: BurstTarget,
  env: Record<string, string>,
  work: string,
  marker: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const logFile = join(work, `${target.name.replace(/\W+/g, "-")}-${Date.now()}.log`);
  const fd = openSync(logFile, "w");
  // BURST_PROFILE=DIR: every bot writes a CPU profile there when it exits (node --cpu-prof).
  const profile = process.env.BURST_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BURST_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, ...target.args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", INDEX_CACHE_DIR: join(work, "cache"), ...env },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  for (let waited = 0; waited < 60_000; waited += 50) {
    const match = marker.exec(await readFile(logFile, "utf8"));
    if (match) return { child, match };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`${target.name} did not start; its output:\n${await readFile(logFile, "utf8")}`);
}

async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  const exited = once(child, "exit");
  if ((await Promise.race([exited, sleep(10_000, "timeout")])) === "timeout") child.kill("SIGKILL");
}

const question = (questions: readonly string[], i: number): string => questions[i % questions.length] ?? "";

/**
 * The warm-up asks other questions than the burst: the bot remembers answers, and a warm-up of the same
 * questions would turn the whole burst into answers from memory.
 */
const warmUpQuestion = (questions: readonly string[], i: number): string =>
  `${question(questions, i)} (pemanasan ${i})`;

const askPayload = (make: InteractionFactory, text: string, user: string): Record<string, unknown> =>
  make.command("ask", [{ name: "question", type: 3, value: text }], { id: user, locale: "id" });

const hasEmbed = (body: unknown): boolean =>
  typeof body === "object" && body !== null && "data" in body && JSON.stringify(body).includes('"embeds":[{');

/** One round through the fake gateway: warm-up questions, then the burst, all delivered at once. */
async function gatewayRound(
  target: BurstTarget,
  questions: readonly string[],
  work: string,
): Promise<BurstRound> {
  const discord = await new FakeDiscord(TOKEN).start();
  const make = new InteractionFactory(discord);
  const { child } = await startBot(
    target,
    {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: "info",
    },
    work,
    /"event":"ready"|^ready$/m,
  );
  try {
    await discord.waitFor(() => discord.connections > 0, 30_000);
    const ask = (i: number, user: string) => askPayload(make, question(questions, i), user);
    const warmUp = (i: number, user: string) => askPayload(make, warmUpQuestion(questions, i), user);
    const deliverAll = async (payloads: Record<string, unknown>[]) => {
      for (const payload of payloads) discord.deliver(payload);
      await discord.waitFor(
        () => payloads.every((p) => discord.callbackFor(String(p.id))) || undefined,
        60_000,
      );
      return payloads.map((p) => String(p.id));
    };
    await deliverAll(Array.from({ length: WARM_UP }, (_, i) => warmUp(i, `7${String(i).padStart(17, "0")}`)));
    const ids = await deliverAll(
      Array.from({ length: BURST_INTERACTIONS }, (_, i) =>
        ask(i, `8${String(i % BURST_USERS).padStart(17, "0")}`),
      ),
    );
    const latencies = ids.map(
      (id) => (discord.callbackFor(id)?.at ?? Number.NaN) - (discord.deliveredAt.get(id) ?? 0),
    );
    return summarise(latencies, ids.filter((id) => hasEmbed(discord.callbackFor(id)?.body)).length);
  } finally {
    await stopBot(child);
    await discord.stop();
  }
}

/** POSTs one signed body; resolves with the status, the body and the time it took. */
async function post(
  url: string,
  agent: UndiciAgent,
  body: string,
  headers: Record<string, string>,
): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const res = await undiciRequest(url, {
    method: "POST",
    dispatcher: agent,
    headers: { ...headers, "content-type": "application/json" },
    body,
  });
  const text = await res.body.text();
  return { ms: performance.now() - started, status: res.statusCode, body: text };
}

/** One round through the HTTP endpoint: the same questions, signed as Discord signs them beforehand. */
async function httpRound(
  target: BurstTarget,
  questions: readonly string[],
  work: string,
): Promise<BurstRound> {
  const keys = generateDiscordKeys();
  const discord = new FakeDiscord(TOKEN); // not started: only its snowflakes, for the payloads
  const make = new InteractionFactory(discord);
  const { child, match } = await startBot(
    target,
    { DISCORD_PUBLIC_KEY: keys.publicKeyHex, PORT: "0", LOG_LEVEL: "info" },
    work,
    /"event":"listening","url":"(http:[^"]+)"/,
  );
  const url = (match[1] ?? "").replace("localhost", "127.0.0.1");
  const agent = new UndiciAgent();
  try {
    const signed = (i: number, user: string, warm = false) => {
      const text = warm ? warmUpQuestion(questions, i) : question(questions, i);
      const body = JSON.stringify(askPayload(make, text, user));
      return { body, headers: signatureHeaders(keys, body, String(Math.floor(Date.now() / 1000))) };
    };
    const sendAll = (requests: { body: string; headers: Record<string, string> }[]) =>
      Promise.all(requests.map((r) => post(url, agent, r.body, r.headers)));
    await sendAll(
      Array.from({ length: WARM_UP }, (_, i) => signed(i, `7${String(i).padStart(17, "0")}`, true)),
    );
    const burst = Array.from({ length: BURST_INTERACTIONS }, (_, i) =>
      signed(i, `8${String(i % BURST_USERS).padStart(17, "0")}`),
    );
    const answers = await sendAll(burst);
    const ok = answers.filter((a) => a.status === 200);
    return summarise(
      ok.map((a) => a.ms),
      ok.filter((a) => hasEmbed(JSON.parse(a.body))).length,
    );
  } finally {
    await agent.close();
    await stopBot(child);
  }
}

/** `rounds` rounds of every target, taking turns so that the machine's state is shared fairly. */
export async function measureBursts(
  questions: readonly string[],
  options: { rounds: number; before?: string },
): Promise<Map<string, BurstRound[]>> {
  const work = await mkdtemp(join(tmpdir(), "burst-"));
  const results = new Map<string, BurstRound[]>();
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const target of BURST_TARGETS(options.before)) {
        process.stderr.write(`burst round ${round}: ${target.name}...\n`);
        const measured =
          target.transport === "http"
            ? await httpRound(target, questions, work)
            : await gatewayRound(target, questions, work);
        results.set(target.name, [...(results.get(target.name) ?? []), measured]);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return results;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** The burst table: per target the median of the rounds' p50 and p99, each round's p99, and the deadline. */
export function burstTable(results: Map<string, BurstRound[]>): string[] {
  const naive = median((results.get(BURST_TARGETS()[0]?.name ?? "") ?? []).map((r) => r.p99));
  const rows = [...results].map(([name, rounds]) => {
    const p99 = median(rounds.map((r) => r.p99));
    const inTime = Math.min(...rounds.map((r) => r.inTime));
    const embeds = Math.min(...rounds.map((r) => r.embeds));
    return `| ${name} | ${median(rounds.map((r) => r.p50)).toFixed(0)} | ${p99.toFixed(0)} (${(p99 / naive).toFixed(2)}x) | ${rounds.map((r) => r.p99.toFixed(0)).join(", ")} | ${Math.max(...rounds.map((r) => r.max)).toFixed(0)} | ${inTime}/${BURST_INTERACTIONS} | ${embeds}/${BURST_INTERACTIONS} |`;
  });
  return [
    `Burst: ${BURST_INTERACTIONS} /ask from ${BURST_USERS} users at once (after ${WARM_UP} warm-up questions), each bot in its own process; first response in ms, median of ${[...results.values()][0]?.length ?? 0} rounds taken in turns; p99 beside the naive bot's.`,
    "",
    "| bot | p50 ms | p99 ms (vs naive) | p99 per round | worst ms | answered within 3 s (worst round) | answers with an embed |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}
