import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";
import { groupMembers, killGroup, spawnInGroup } from "../helpers/process-group.js";
import { canScanProcesses } from "../helpers/stray-processes.js";
import { generateDiscordKeys, send, signatureHeaders } from "./discord-signing.js";

/**
 * `npm run start:http` as a process: `node --import tsx src/endpoint.ts` (what the compiled dist/endpoint.js
 * runs from src/), on PORT=0, answering signed requests as Discord would send them.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface EndpointProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

interface Listening {
  /** `http://127.0.0.1:<port>`: the port it logged, on the loopback address. */
  url: string;
  port: number;
}

let cacheDir = "";
const started: EndpointProcess[] = [];

function spawnEndpoint(env: Record<string, string>): EndpointProcess {
  // In a group of its own, so cleanup reaches what it starts too (tsx's esbuild service).
  const child = spawnInGroup(process.execPath, ["--import", "tsx", "src/endpoint.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      // Only what the test sets: no .env of the checkout, no variable of the shell running the tests.
      DOTENV_CONFIG_PATH: join(cacheDir, "no-such.env"),
      DISCORD_PUBLIC_KEY: "",
      PORT: "0",
      CORPUS_DIR: "",
      INDEX_CACHE_DIR: cacheDir,
      LOG_LEVEL: "info",
      COOLDOWN_QUESTIONS: "10000",
      COOLDOWN_SECONDS: "60",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const endpoint = { child, stdout: () => stdout, stderr: () => stderr, exited };
  started.push(endpoint);
  return endpoint;
}

/** The JSON log lines the process wrote (pino writes them to stderr; stdout is read too). */
function logLines(endpoint: EndpointProcess): Record<string, unknown>[] {
  return `${endpoint.stdout()}\n${endpoint.stderr()}`
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function listening(endpoint: EndpointProcess): Promise<Listening> {
  const line = await vi.waitFor(
    () => {
      if (endpoint.child.exitCode !== null)
        throw new Error(`the endpoint exited with ${endpoint.child.exitCode}: ${endpoint.stderr()}`);
      const found = logLines(endpoint).find((entry) => entry.event === "listening");
      expect(found).toBeDefined();
      return found as { url: string };
    },
    { timeout: 20_000, interval: 50 },
  );
  const match = /^http:\/\/localhost:(\d+)\/interactions$/.exec(line.url);
  expect(match).not.toBeNull();
  const port = Number(match?.[1]);
  return { url: `http://127.0.0.1:${port}`, port };
}

const keys = generateDiscordKeys();
const discord = new FakeDiscord("unused"); // only its payload builders and snowflakes are used
const make = new InteractionFactory(discord);

const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

/** POSTs `payload` to /interactions signed as Discord would (with `by`'s key, at `timestamp`). */
function post(url: string, payload: string, by = keys, timestamp = nowSeconds()) {
  return send(url, {
    headers: { "content-type": "application/json", ...signatureHeaders(by, payload, timestamp) },
    body: payload,
  });
}

const ask = (value: string, userId = "555555555555555555"): string =>
  JSON.stringify(make.command("ask", [{ name: "question", type: 3, value }], { id: userId }));

interface AskResponse {
  type: number;
  data: { embeds?: { title?: string; description?: string }[]; flags?: number };
}

/** A valid answer to /ask: a channel message with one embed quoting the article. */
function expectAnswer(body: string): void {
  const parsed = JSON.parse(body) as AskResponse;
  expect(parsed.type).toBe(4);
  expect(parsed.data.embeds).toHaveLength(1);
  expect(parsed.data.embeds?.[0]?.title).toEqual(expect.any(String));
}

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "endpoint-e2e-"));
});

afterAll(async () => {
  // The whole group, also of an endpoint that exited: what it started may outlive it.
  await Promise.all(started.map((endpoint) => killGroup(endpoint.child)));
  await Promise.all(started.map((endpoint) => endpoint.exited));
  await rm(cacheDir, { recursive: true, force: true });
});

describe("npm run start:http, as processes", () => {
  let a: EndpointProcess;
  let b: EndpointProcess;
  let urlA = "";
  let urlB = "";

  beforeAll(async () => {
    // The first builds the index snapshot in the cache dir; the second starts from it or builds it too.
    // At debug: refused requests are logged one by one only there (summed up at warn once a minute).
    a = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex, LOG_LEVEL: "debug" });
    urlA = (await listening(a)).url;
    b = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex });
    urlB = (await listening(b)).url;
  }, 40_000);

  it("answers a signed PING with PONG and a signed /ask with an answer", async () => {
    const ping = await post(urlA, JSON.stringify({ id: "1", application_id: "111111111111111111", type: 1 }));
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.body)).toEqual({ type: 1 });

    const reply = await post(urlA, ask("Berapa pemimpin teknologi yang ingin dicetak?"));
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json");
    expectAnswer(reply.body);
    expect((JSON.parse(reply.body) as AskResponse).data.embeds?.[0]?.description).toContain("**pemimpin**");
  });

  it("refuses with 401 what Discord did not sign: a tampered body, another key, no headers, a stale timestamp", async () => {
    const payload = ask("Kapan Double Eleven?");
    const signed = signatureHeaders(keys, payload, nowSeconds());
    const tampered = await send(urlA, {
      headers: signed,
      body: payload.replace("Double Eleven", "Double Twelve"),
    });
    expect(tampered.status).toBe(401);
    expect((await post(urlA, payload, generateDiscordKeys())).status).toBe(401);
    expect(
      (await send(urlA, { headers: { "content-type": "application/json" }, body: payload })).status,
    ).toBe(401);
    const tenMinutesAgo = String(Math.floor(Date.now() / 1000) - 600);
    expect((await post(urlA, payload, keys, tenMinutesAgo)).status).toBe(401);
    // The untampered, fresh request is the one that passes.
    expect((await post(urlA, payload)).status).toBe(200);
    await vi.waitFor(() =>
      expect(
        logLines(a).filter((e) => e.event === "interaction_rejected" && e.status === 401 && e.level === 20),
      ).toHaveLength(4),
    );
  });

  it("answers GET /healthz with 200", async () => {
    const health = await send(urlA, { method: "GET", path: "/healthz" });
    expect(health).toMatchObject({ status: 200, body: "ok" });
  });

  it("two replicas with the same key answer alternately, alike", async () => {
    expect(urlA).not.toBe(urlB);
    const questions = [
      "Berapa pemimpin teknologi yang ingin dicetak?",
      "Kapan Double Eleven?",
      "Apa janji Alibaba?",
      "Siapa presiden Amerika Serikat?",
      "sekolah berbasis teknologi",
    ];
    const payloads = questions.map((q, i) => ask(q, `77777777777777770${i}`));
    for (const payload of payloads) {
      const fromA = await post(urlA, payload);
      const fromB = await post(urlB, payload);
      expect(fromA.status).toBe(200);
      expect(fromB.status).toBe(200);
      expect(JSON.parse(fromB.body)).toEqual(JSON.parse(fromA.body));
      expectAnswer(fromA.body);
    }
    // Each replica answered each payload itself.
    const ids = payloads.map((payload) => (JSON.parse(payload) as { id: string }).id);
    for (const replica of [a, b]) {
      await vi.waitFor(() => {
        const answered = logLines(replica)
          .filter((e) => e.event === "interaction")
          .map((e) => e.interactionId);
        for (const id of ids) expect(answered).toContain(id);
      });
    }
  });
});

type Outcome = { status: number; body: string } | { error: string };

/** One request on `agent`: its response, or the code of the error that took its place. */
function attempt(url: string, payload: string, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/interactions`,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", ...signatureHeaders(keys, payload, nowSeconds()) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(payload);
  });
}

describe("SIGTERM during a burst", () => {
  it("finishes every request it took with a whole answer, refuses the rest at the connection, exits 0", async () => {
    const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex });
    const { url } = await listening(endpoint);
    // Fewer sockets than requests: some wait for a kept-alive connection and go out after SIGTERM.
    const agent = new Agent({ keepAlive: true, maxSockets: 12 });
    const payloads = Array.from({ length: 60 }, (_, i) =>
      ask(i % 2 === 0 ? "Kapan Double Eleven?" : "Berapa pemimpin teknologi yang ingin dicetak?"),
    );
    let signalled = false;
    const outcomes = payloads.map((payload) =>
      attempt(url, payload, agent).then((outcome) => {
        if (!signalled) {
          signalled = true;
          endpoint.child.kill("SIGTERM");
        }
        return outcome;
      }),
    );
    const results = await Promise.all(outcomes);
    agent.destroy();

    expect(await endpoint.exited).toBe(0);
    const answered = results.filter((r): r is { status: number; body: string } => "status" in r);
    const failed = results.filter((r): r is { error: string } => "error" in r);
    expect(answered.length + failed.length).toBe(60);
    // At least the response that triggered the signal came back.
    expect(answered.length).toBeGreaterThan(0);
    for (const reply of answered) {
      expect(reply.status).toBe(200);
      expectAnswer(reply.body);
    }
    for (const failure of failed) expect(["ECONNREFUSED", "ECONNRESET", "EPIPE"]).toContain(failure.error);

    const lines = logLines(endpoint);
    expect(lines.map((e) => e.event)).toContain("stopped");
    expect(lines.filter((e) => e.event === "signal")).toEqual([
      expect.objectContaining({ signal: "SIGTERM" }),
    ]);
    // Every answer sent was logged as answered, and none was a failure.
    expect(lines.filter((e) => e.event === "interaction").length).toBeGreaterThanOrEqual(answered.length);
    expect(lines.filter((e) => e.event === "interaction_failed" || e.event === "shutdown_timeout")).toEqual(
      [],
    );
    expect(lines.filter((e) => e.event === "http_request" && e.status === 500)).toEqual([]);
  }, 30_000);
});

describe("SIGTERM with requests on their way", () => {
  it("answers every request sent before the signal, even those not yet read", async () => {
    const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex });
    const { url } = await listening(endpoint);
    // One connection each, written at once: when the first answer comes back, the others are on the
    // server's sockets, most not yet read. The signal then must not reset them.
    let signalled = false;
    const outcomes = Array.from({ length: 60 }, (_, i) =>
      attempt(url, ask("Kapan Double Eleven?", `55555555555555${1000 + i}`), new Agent()).then((outcome) => {
        if (!signalled) {
          signalled = true;
          endpoint.child.kill("SIGTERM");
        }
        return outcome;
      }),
    );
    await vi.waitFor(() => expect(signalled).toBe(true), { timeout: 10_000 });
    // While it drains, load balancers are told to send no more.
    const health = await send(url, { method: "GET", path: "/healthz" }).catch(() => ({ status: 0 }));
    const results = await Promise.all(outcomes);
    expect(results.filter((r) => !("status" in r) || r.status !== 200)).toEqual([]);
    expect(health.status).toBe(503);
    expect(await endpoint.exited).toBe(0);
  }, 30_000);

  it("stops cleanly on a SIGTERM sent the moment it says it listens", async () => {
    const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex });
    endpoint.child.stderr?.on("data", () => {
      if (endpoint.stderr().includes('"event":"listening"') && !endpoint.child.killed)
        endpoint.child.kill("SIGTERM");
    });
    expect(await endpoint.exited).toBe(0);
    expect(logLines(endpoint).map((e) => e.event)).toContain("stopped");
  }, 30_000);
});

describe.runIf(canScanProcesses())("cleaning up after a test", () => {
  it("reaches the whole endpoint: it leads a process group of its own, which killGroup leaves empty", async () => {
    const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex });
    await listening(endpoint);
    const pid = endpoint.child.pid as number;
    expect(groupMembers(pid)).toContain(pid);

    await killGroup(endpoint.child);
    expect(groupMembers(pid)).toEqual([]);
    expect(await endpoint.exited).toBeNull(); // killed by the signal, no exit code
  }, 30_000);
});

describe("start-up problems", () => {
  it("without DISCORD_PUBLIC_KEY: exits 1 naming it, without a stack trace", async () => {
    const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: "" });
    expect(await endpoint.exited).toBe(1);
    const stderr = endpoint.stderr();
    const problems = stderr.split("\n").filter((line) => line.includes("DISCORD_PUBLIC_KEY"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/DISCORD_PUBLIC_KEY is not set/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/Unexpected error|Error:/);
    expect(endpoint.stdout()).not.toContain("listening");
  });

  it("with PORT already taken: exits 1 naming PORT", async () => {
    const blocker: Server = createServer();
    // On every interface, as the endpoint listens.
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const endpoint = spawnEndpoint({ DISCORD_PUBLIC_KEY: keys.publicKeyHex, PORT: String(port) });
      expect(await endpoint.exited).toBe(1);
      const stderr = endpoint.stderr();
      expect(stderr).toContain(`PORT ${port} is already in use`);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(logLines(endpoint).map((e) => e.event)).not.toContain("listening");
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
