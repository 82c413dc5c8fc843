import { connect } from "node:net";
import type { APIInteraction, APIInteractionResponse } from "discord-api-types/v10";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type InteractionHandler,
  type InteractionServer,
  type InteractionServerOptions,
  MAX_BODY_BYTES,
  startInteractionServer,
} from "../../src/http/server.js";
import { InvalidPublicKeyError, MAX_TIMESTAMP_SKEW_MS } from "../../src/http/signature.js";
import { captureLogger } from "../helpers/capture-log.js";
import { InteractionFactory } from "../helpers/fake-discord.js";
import {
  type DiscordKeys,
  deferred,
  generateDiscordKeys,
  NOW_MS,
  NOW_SECONDS,
  send,
  signatureHeaders,
} from "./discord-signing.js";

const TOKEN = "interaction-token-that-must-never-be-logged";

/** A slash command interaction as Discord POSTs it (only what this layer looks at needs to be real). */
function commandInteraction(id = "1100000000000000001"): string {
  return JSON.stringify({
    id,
    application_id: "1000000000000000000",
    type: 2,
    token: TOKEN,
    version: 1,
    locale: "id",
    data: {
      id: "1000000000000000002",
      name: "tanya",
      type: 1,
      options: [{ name: "q", type: 3, value: "x" }],
    },
    user: { id: "1000000000000000003", username: "someone" },
  });
}

const PING = JSON.stringify({ id: "1100000000000000000", application_id: "1000000000000000000", type: 1 });

function answer(content: string): APIInteractionResponse {
  return { type: 4, data: { content } };
}

const running: InteractionServer[] = [];
/** Raw connections a test left open: closed first, or stopping would wait for them. */
const rawConnections: RawConnection[] = [];
afterEach(async () => {
  for (const connection of rawConnections.splice(0)) connection.destroy();
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

async function setUp(
  handler: InteractionHandler = async () => answer("hello"),
  keys = generateDiscordKeys(),
  overrides: Partial<Omit<InteractionServerOptions, "handle" | "log" | "publicKey">> = {},
) {
  const capture = captureLogger();
  const handle = vi.fn(handler);
  const server = await startInteractionServer({
    port: 0,
    host: "127.0.0.1",
    publicKey: keys.publicKeyHex,
    handle,
    log: capture.log,
    now: () => NOW_MS,
    ...overrides,
  });
  running.push(server);
  /** POSTs `body` to /interactions, signed with `by` (the server's own keys unless told). */
  const post = (body: string | Buffer, by: DiscordKeys = keys, timestamp = NOW_SECONDS) =>
    send(server.url, { headers: signatureHeaders(by, body, timestamp), body });
  return { server, keys, handle, post, ...capture };
}

describe("POST /interactions", () => {
  it("answers a signed interaction with handle's response, as JSON", async () => {
    const { post, handle } = await setUp();
    const reply = await post(commandInteraction());
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reply.body)).toEqual(answer("hello"));
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle.mock.calls[0]?.[0]).toEqual(JSON.parse(commandInteraction()));
  });

  it("answers PING with PONG without calling handle", async () => {
    const { post, handle } = await setUp();
    const reply = await post(PING);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(reply.body)).toEqual({ type: 1 });
    expect(handle).not.toHaveBeenCalled();
  });

  describe("refuses with 401, without calling handle, a request Discord did not sign", () => {
    it("a body changed after signing", async () => {
      const { server, keys, handle } = await setUp();
      const headers = signatureHeaders(keys, commandInteraction("1"));
      const reply = await send(server.url, { headers, body: commandInteraction("2") });
      expect(reply.status).toBe(401);
      expect(handle).not.toHaveBeenCalled();
    });

    it("a body signed with another key", async () => {
      const { post, handle } = await setUp();
      expect((await post(commandInteraction(), generateDiscordKeys())).status).toBe(401);
      expect((await post(PING, generateDiscordKeys())).status).toBe(401);
      expect(handle).not.toHaveBeenCalled();
    });

    it.each([
      ["no signature headers at all", []],
      ["no X-Signature-Ed25519", ["x-signature-ed25519"]],
      ["no X-Signature-Timestamp", ["x-signature-timestamp"]],
    ])("%s", async (_, drop) => {
      const { server, keys, handle } = await setUp();
      const headers = signatureHeaders(keys, commandInteraction());
      for (const name of drop) delete headers[name];
      if (drop.length === 0) for (const name of Object.keys(headers)) delete headers[name];
      const reply = await send(server.url, { headers, body: commandInteraction() });
      expect(reply.status).toBe(401);
      expect(handle).not.toHaveBeenCalled();
    });

    it.each([
      ["older", -301],
      ["newer", 301],
    ])("a correctly signed request whose timestamp is five minutes %s than now", async (_, offset) => {
      const { post, handle, entries } = await setUp();
      const reply = await post(commandInteraction(), undefined, String(Number(NOW_SECONDS) + offset));
      expect(reply.status).toBe(401);
      expect(handle).not.toHaveBeenCalled();
      expect(entries()).toContainEqual(
        expect.objectContaining({ event: "interaction_rejected", status: 401, reason: "stale_timestamp" }),
      );
    });

    it("before reading the body: headers alone are refused while the body never comes", async () => {
      const { server } = await setUp();
      const reply = await sendHeadersOnly(server, { "content-length": "100" });
      expect(reply).toMatch(/^HTTP\/1\.1 401 /);
    });

    it("before parsing the body: a badly signed body that is not JSON is a 401, not a 400", async () => {
      const { post } = await setUp();
      expect((await post("{not json", generateDiscordKeys())).status).toBe(401);
    });
  });

  it.each([
    ["not JSON", "{not json"],
    ["JSON without a numeric type", JSON.stringify({ id: "1", type: "2" })],
    ["a JSON array", "[1]"],
    ["a command without a token", JSON.stringify({ id: "1", type: 2, data: {} })],
    ["a command without data", JSON.stringify({ id: "1", type: 2, token: "t" })],
  ])("answers 400 to a correctly signed body that is %s, without calling handle", async (_, body) => {
    const { post, handle } = await setUp();
    expect((await post(body)).status).toBe(400);
    expect(handle).not.toHaveBeenCalled();
  });

  describe("refuses bodies over MAX_BODY_BYTES with 413, without calling handle", () => {
    it("a signed 2 MiB body", async () => {
      const { post, handle } = await setUp();
      const body = Buffer.alloc(2 * 1024 * 1024, "a");
      expect((await post(body)).status).toBe(413);
      expect(handle).not.toHaveBeenCalled();
    });

    it("without waiting for it: a declared 2 MiB body is refused on its headers alone", async () => {
      const { server, keys } = await setUp();
      const reply = await sendHeadersOnly(server, {
        ...signatureHeaders(keys, "the body that never comes"),
        "content-length": String(2 * 1024 * 1024),
      });
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    });

    it("sent chunked, with no length declared: refused once past MAX_BODY_BYTES, before the body ends", async () => {
      const { server, keys, handle } = await setUp();
      const head = signatureHeaders(keys, "whatever");
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, "127.0.0.1");
        let received = "";
        socket.on("data", (chunk) => {
          received += chunk.toString();
          if (received.includes("\r\n\r\n")) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.on("error", (error) => (received ? resolve(received) : reject(error)));
        const chunk = Buffer.alloc(MAX_BODY_BYTES + 1, "a");
        socket.write(
          `POST /interactions HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n` +
            `x-signature-ed25519: ${head["x-signature-ed25519"]}\r\nx-signature-timestamp: ${NOW_SECONDS}\r\n\r\n`,
        );
        // One chunk past the limit, and no terminating chunk: the body never ends.
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write("\r\n");
      });
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
      expect(handle).not.toHaveBeenCalled();
    });

    it("accepts a body of exactly MAX_BODY_BYTES (it is the signature that fails here, not the size)", async () => {
      const { post } = await setUp();
      const body = Buffer.alloc(MAX_BODY_BYTES, " ");
      // Whitespace only: correctly signed, within the limit, and not an interaction.
      expect((await post(body)).status).toBe(400);
    });
  });

  it("answers 500 when handle throws, and logs an error line with the interaction id", async () => {
    const { post, entries } = await setUp(async () => {
      throw new Error("the core broke");
    });
    const reply = await post(commandInteraction("1100000000000000042"));
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain("the core broke");
    const line = entries().find((entry) => entry.event === "http_request");
    expect(line).toMatchObject({ level: 50, id: "1100000000000000042", type: 2, status: 500 });
    expect(JSON.stringify(line)).toContain("the core broke");
  });

  it("logs one line per request: id, type, status, latency; never the token or the signature", async () => {
    const { post, entries, lines, keys } = await setUp();
    await post(commandInteraction("1100000000000000007"));
    await post(PING);
    const logged = entries().filter((entry) => entry.event === "http_request" || entry.event === "ping");
    // The answered interaction's own line is the core's: here the request is only a debug line.
    expect(logged).toEqual([
      expect.objectContaining({ level: 20, id: "1100000000000000007", type: 2, status: 200 }),
      expect.objectContaining({ level: 30, event: "ping", id: "1100000000000000000", type: 1, status: 200 }),
    ]);
    for (const entry of logged) expect(entry.latencyMs).toEqual(expect.any(Number));
    const signature = signatureHeaders(keys, commandInteraction("1100000000000000007"))[
      "x-signature-ed25519"
    ];
    expect(lines.join("")).not.toContain(TOKEN);
    expect(lines.join("")).not.toContain(signature);
  });

  it.each([
    ["GET", "/interactions", 405],
    ["POST", "/", 404],
    ["POST", "/interactions/extra", 404],
    ["POST", "/healthz", 405],
  ])("answers %s %s with %i", async (method, path, status) => {
    const { server, handle } = await setUp();
    expect((await send(server.url, { method, path })).status).toBe(status);
    expect(handle).not.toHaveBeenCalled();
  });

  it("refuses a malformed DISCORD_PUBLIC_KEY at start-up", async () => {
    const { log } = captureLogger();
    await expect(
      startInteractionServer({ port: 0, host: "127.0.0.1", publicKey: "abc", handle: vi.fn(), log }),
    ).rejects.toThrow(InvalidPublicKeyError);
  });
});

describe("GET /healthz", () => {
  it("answers 200 ok", async () => {
    const { server } = await setUp();
    const reply = await send(server.url, { method: "GET", path: "/healthz" });
    expect(reply).toMatchObject({ status: 200, body: "ok" });
  });

  it("answers 503 once stopping, to a request already arriving on an open connection", async () => {
    const { server } = await setUp();
    // A connection whose request has begun (headers unfinished) is not idle: stopping does not close it.
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /healthz HTTP/1.1\r\nhost: test\r\n");
    // A whole request on another connection after it: the server has read the first by the time this is answered.
    expect((await send(server.url, { method: "GET", path: "/healthz" })).body).toBe("ok");

    let stopped = false;
    const stopping = server.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    socket.write("\r\n");
    await closed;
    await stopping;
    expect(received).toMatch(/^HTTP\/1\.1 503 /);
    expect(received).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toMatch(/\r\n\r\ndraining$/);
  });
});

describe("stop()", () => {
  it("lets the request in flight finish with 200, refuses new connections, then resolves", async () => {
    const slow = deferred<APIInteractionResponse>();
    const called = deferred<void>();
    const { server, keys } = await setUp(async () => {
      called.resolve();
      return slow.promise;
    });
    const body = commandInteraction();
    const inFlight = send(server.url, {
      headers: { ...signatureHeaders(keys, body), connection: "keep-alive" },
      body,
    });
    await called.promise;

    let stopped = false;
    const stopping = server.stop().then(() => {
      stopped = true;
    });
    await expect(connectOnce(server.port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    // Still waiting for the request in flight.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);

    slow.resolve(answer("finished"));
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual(answer("finished"));
    // Asked to keep the connection alive, the server closes it instead: it is stopping.
    expect(reply.headers.connection).toBe("close");
    await stopping;
    expect(stopped).toBe(true);
  });

  it("resolves at once with nothing in flight, and again when called twice", async () => {
    const { server, post } = await setUp();
    expect((await post(PING)).status).toBe(200);
    await server.stop();
    await server.stop();
    await expect(connectOnce(server.port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("two replicas", () => {
  it("answer alternately on two ports, each with its own handler and the same key", async () => {
    const keys = generateDiscordKeys();
    const a = await setUp(async (interaction: APIInteraction) => answer(`a:${interaction.id}`), keys);
    const b = await setUp(async (interaction: APIInteraction) => answer(`b:${interaction.id}`), keys);
    expect(a.server.port).not.toBe(b.server.port);
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const replica = i % 2 === 0 ? a : b;
      const reply = await replica.post(commandInteraction(`11000000000000000${10 + i}`));
      expect(reply.status).toBe(200);
      replies.push((JSON.parse(reply.body) as { data: { content: string } }).data.content);
    }
    expect(replies).toEqual([
      "a:1100000000000000010",
      "b:1100000000000000011",
      "a:1100000000000000012",
      "b:1100000000000000013",
      "a:1100000000000000014",
      "b:1100000000000000015",
    ]);
    expect(a.handle).toHaveBeenCalledTimes(3);
    expect(b.handle).toHaveBeenCalledTimes(3);
  });
});

describe("what is held before a request is verified", () => {
  it("refuses with 413 a signed body over MAX_BODY_BYTES, a cap sized for Discord's interactions, not 1 MiB", async () => {
    expect(MAX_BODY_BYTES).toBeLessThanOrEqual(256 * 1024);
    const { post, handle } = await setUp();
    expect((await post(Buffer.alloc(MAX_BODY_BYTES + 1, " "))).status).toBe(413);
    expect((await post(Buffer.alloc(MAX_BODY_BYTES, " "))).status).toBe(400);
    expect(handle).not.toHaveBeenCalled();
  });

  it.each([
    ["4,000 characters of content and 6,000 of embeds, 4 UTF-8 bytes each", largestTextTarget()],
    ["content of nothing but mentions, each resolved to a member", mostMentionsTarget()],
  ])("accepts the largest message a message command can carry: %s", async (_, interaction) => {
    const { post, handle } = await setUp();
    const body = JSON.stringify(interaction);
    const reply = await post(body);
    expect(reply.status).toBe(200);
    expect(handle).toHaveBeenCalledTimes(1);
    // Far larger than everyday interactions (a few KiB): this is the size the cap must leave room for.
    expect(Buffer.byteLength(body)).toBeGreaterThan(40_000);
  });

  it("cuts off a body that stalls at the body deadline: 408, the connection closed, handle never called", async () => {
    const { server, keys, handle, entries } = await setUp(undefined, undefined, { bodyTimeoutMs: 200 });
    const body = commandInteraction();
    const connection = await openRaw(server.port);
    connection.write(postHead({ ...signatureHeaders(keys, body), "content-length": String(body.length) }));
    connection.write(body.slice(0, 10));
    await connection.closedWithin(5_000);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(handle).not.toHaveBeenCalled();
    expect(entries()).toContainEqual(
      expect.objectContaining({
        level: 20,
        event: "interaction_rejected",
        status: 408,
        reason: "body_timeout",
      }),
    );
  });

  it("gives the bytes of a body cut at the deadline back to the budget", async () => {
    const { server, keys, post } = await setUp(undefined, undefined, {
      maxBodyBytes: 800,
      maxUnverifiedBytes: 1_000,
      bodyTimeoutMs: 200,
    });
    const stalled = await openRaw(server.port);
    stalled.write(postHead({ ...signatureHeaders(keys, "x"), "content-length": "800" }));
    stalled.write(Buffer.alloc(600, " "));
    await stalled.closedWithin(5_000);
    expect(stalled.received()).toMatch(/^HTTP\/1\.1 408 /);
    // 500 bytes fit only once the cut body's 600 are given back.
    expect((await post(commandInteraction("1100000000000000401").padEnd(500, " "))).status).toBe(200);
  });

  it("sends the 408 before closing, even queued behind an answer not sent yet", async () => {
    const { client, release } = await stallBehindPendingAnswer(30_000);
    expect(client.received()).toBe("");
    release();
    await client.closedWithin(20_000);
    expect(client.received()).toMatch(
      /^HTTP\/1\.1 200 [\s\S]*the first answer[\s\S]*HTTP\/1\.1 408 [\s\S]*\r\n\r\nrequest body timeout$/,
    );
  });

  it("still cuts off, after responseFlushGraceMs, a connection whose 408 cannot leave", async () => {
    const { client, release } = await stallBehindPendingAnswer(100);
    await client.closedWithin(20_000);
    release();
    expect(client.received()).not.toContain("request body timeout");
  });

  it("refuses with 503 a body that would take the unverified bytes over their budget, until they are freed", async () => {
    const { server, keys, handle, post } = await setUp(undefined, undefined, {
      maxBodyBytes: 800,
      maxUnverifiedBytes: 1_000,
      bodyTimeoutMs: 60_000,
    });
    const padded = (id: string): string => commandInteraction(id).padEnd(500, " ");
    // 600 bytes of a body that stalls: they are held, unverified, until it ends or is cut off.
    const stalled = await openRaw(server.port);
    stalled.write(postHead({ ...signatureHeaders(keys, "x"), "content-length": "800" }));
    stalled.write(Buffer.alloc(600, " "));
    // A whole request on another connection after it: the server has read the first by the time this is answered.
    expect((await send(server.url, { method: "GET", path: "/healthz" })).body).toBe("ok");

    expect((await post(padded("1100000000000000101"))).status).toBe(503);
    // Declared too large for what is left: refused on its headers alone.
    const declared = await sendHeadersOnly(server, {
      ...signatureHeaders(keys, padded("1100000000000000102")),
      "content-length": "500",
    });
    expect(declared).toMatch(/^HTTP\/1\.1 503 /);
    expect(handle).not.toHaveBeenCalled();

    stalled.destroy();
    await vi.waitFor(async () => expect((await post(padded("1100000000000000103"))).status).toBe(200), {
      timeout: 5_000,
    });
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it("gives the bytes of a verified body back to the budget: bodies one after another are all answered", async () => {
    const { post, handle } = await setUp(undefined, undefined, {
      maxBodyBytes: 800,
      maxUnverifiedBytes: 1_000,
    });
    for (let i = 0; i < 5; i++)
      expect((await post(commandInteraction(`110000000000000020${i}`).padEnd(700, " "))).status).toBe(200);
    expect(handle).toHaveBeenCalledTimes(5);
  });

  it("closes a connection over maxConnections at once, and lets one in again once another has closed", async () => {
    const { server, post, handle } = await setUp(undefined, undefined, { maxConnections: 2 });
    const first = await openRaw(server.port);
    const second = await openRaw(server.port);
    await expect(post(commandInteraction())).rejects.toThrow();
    expect(handle).not.toHaveBeenCalled();
    first.destroy();
    second.destroy();
    await vi.waitFor(async () => expect((await post(commandInteraction())).status).toBe(200), {
      timeout: 5_000,
    });
  });
});

describe("replayed interactions", () => {
  it("answers a signed interaction once: the same request sent 30 times more gets 409, logged at debug", async () => {
    const { post, handle, entries } = await setUp();
    const body = commandInteraction("1100000000000000301");
    expect((await post(body)).status).toBe(200);
    for (let i = 0; i < 30; i++) expect((await post(body)).status).toBe(409);
    expect(handle).toHaveBeenCalledTimes(1);
    const replays = entries().filter((entry) => entry.reason === "replayed");
    expect(replays).toHaveLength(30);
    for (const entry of replays)
      expect(entry).toMatchObject({ level: 20, status: 409, id: "1100000000000000301" });
  });

  it("answers one of 20 copies sent at once", async () => {
    const { post, handle } = await setUp();
    const body = commandInteraction("1100000000000000302");
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => post(body)))).map((r) => r.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it("still answers another interaction, and a replayed PING is not answered again either", async () => {
    const { post, handle } = await setUp();
    expect((await post(commandInteraction("1100000000000000303"))).status).toBe(200);
    expect((await post(commandInteraction("1100000000000000304"))).status).toBe(200);
    expect((await post(PING)).status).toBe(200);
    expect((await post(PING)).status).toBe(409);
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it("remembers only what passed the signature check: a forged copy sent first does not block Discord's", async () => {
    const { post, handle } = await setUp();
    const body = commandInteraction("1100000000000000305");
    expect((await post(body, generateDiscordKeys())).status).toBe(401);
    expect((await post(body)).status).toBe(200);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it("refuses (503) rather than forget an id still in its window when full, and frees the ids once past it", async () => {
    let now = NOW_MS;
    const { post, handle, keys } = await setUp(undefined, undefined, { now: () => now, maxRememberedIds: 2 });
    expect((await post(commandInteraction("1100000000000000311"))).status).toBe(200);
    expect((await post(commandInteraction("1100000000000000312"))).status).toBe(200);
    expect((await post(commandInteraction("1100000000000000313"))).status).toBe(503);
    // Both remembered ids are still inside their window: neither was dropped to make room.
    expect((await post(commandInteraction("1100000000000000311"))).status).toBe(409);
    expect((await post(commandInteraction("1100000000000000312"))).status).toBe(409);

    now = NOW_MS + MAX_TIMESTAMP_SKEW_MS + 1_000;
    const later = String(now / 1000);
    // The old signed copies are stale now: the signature check refuses them, nothing needs remembering.
    expect((await post(commandInteraction("1100000000000000311"))).status).toBe(401);
    expect((await post(commandInteraction("1100000000000000313"), keys, later)).status).toBe(200);
    expect((await post(commandInteraction("1100000000000000314"), keys, later)).status).toBe(200);
    expect(handle).toHaveBeenCalledTimes(4);
  });
});

describe("the log of refused requests", () => {
  it("1,000 refused requests: a debug line each, no info line, and one warn summary with the counts", async () => {
    const { server, post, entries } = await setUp();
    const other = generateDiscordKeys();
    const replayed = commandInteraction("1100000000000000401");
    expect((await post(replayed)).status).toBe(200);
    const attempts: (() => Promise<unknown>)[] = [
      ...Array.from({ length: 500 }, (_, i) => () => post(commandInteraction(`${i}`), other)),
      ...Array.from({ length: 200 }, () => () => send(server.url, { body: commandInteraction() })),
      ...Array.from({ length: 100 }, () => () => post(commandInteraction(), undefined, "1699999000")),
      ...Array.from({ length: 100 }, () => () => post("{not json")),
      ...Array.from({ length: 100 }, () => () => post(replayed)),
    ];
    for (let i = 0; i < attempts.length; i += 50)
      await Promise.all(attempts.slice(i, i + 50).map((attempt) => attempt()));

    const rejected = entries().filter((entry) => entry.event === "interaction_rejected");
    expect(rejected).toHaveLength(1_000);
    expect(rejected.every((entry) => entry.level === 20)).toBe(true);
    expect(entries().filter((entry) => (entry.level as number) >= 30)).toEqual([]);

    // Stopping writes what was counted since the last summary.
    await server.stop();
    const loud = entries().filter((entry) => (entry.level as number) >= 30);
    expect(loud).toEqual([
      expect.objectContaining({
        level: 40,
        event: "interactions_rejected",
        total: 1_000,
        reasons: {
          bad_signature: 500,
          missing_headers: 200,
          stale_timestamp: 100,
          invalid_json: 100,
          replayed: 100,
        },
      }),
    ]);
  }, 60_000);

  it("writes the summary by itself after the interval, counting every refusal once", async () => {
    const { post, entries } = await setUp(undefined, undefined, { rejectionSummaryIntervalMs: 100 });
    for (let i = 0; i < 5; i++) expect((await post("{not json", generateDiscordKeys())).status).toBe(401);
    const summaries = () => entries().filter((entry) => entry.event === "interactions_rejected");
    await vi.waitFor(
      () => expect(summaries().reduce((sum, entry) => sum + (entry.total as number), 0)).toBe(5),
      { timeout: 5_000 },
    );
    for (const entry of summaries()) expect(entry).toMatchObject({ level: 40, intervalMs: 100 });
  });

  it("counts connections refused over maxConnections in the summary", async () => {
    const { server, post, entries } = await setUp(undefined, undefined, { maxConnections: 1 });
    const holder = await openRaw(server.port);
    await expect(post(PING)).rejects.toThrow();
    holder.destroy();
    await server.stop();
    expect(entries().filter((entry) => (entry.level as number) >= 30)).toEqual([
      expect.objectContaining({
        level: 40,
        event: "interactions_rejected",
        total: 1,
        reasons: { too_many_connections: 1 },
      }),
    ]);
  });
});

/**
 * A connection that pipelines two signed interactions: the first held unanswered until `release`, the
 * second stalled mid-body. Resolves once the second's body deadline (200 ms) has passed: node keeps its
 * 408 queued behind the first answer (pipelined answers leave in order), so it has not been sent yet.
 */
async function stallBehindPendingAnswer(
  responseFlushGraceMs: number,
): Promise<{ client: RawConnection; release: () => void }> {
  let release = (): void => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { server, keys, entries } = await setUp(
    async () => {
      await held;
      return answer("the first answer");
    },
    undefined,
    { bodyTimeoutMs: 200, responseFlushGraceMs },
  );
  const whole = commandInteraction("1100000000000000301");
  const stalled = commandInteraction("1100000000000000302");
  const client = await openRaw(server.port);
  client.write(
    postHead({ ...signatureHeaders(keys, whole), "content-length": String(whole.length) }) +
      whole +
      postHead({ ...signatureHeaders(keys, stalled), "content-length": String(stalled.length) }) +
      stalled.slice(0, 10),
  );
  const timedOut = expect.objectContaining({ status: 408, reason: "body_timeout" });
  await vi.waitFor(() => expect(entries()).toContainEqual(timedOut), { timeout: 10_000, interval: 20 });
  return { client, release };
}

/** Opens a TCP connection and closes it again; rejects when the server refuses it. */
function connectOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.on("error", reject);
  });
}

/** Sends a POST's headers and never its body; resolves with what the server answers. */
function sendHeadersOnly(server: InteractionServer, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`POST /interactions HTTP/1.1\r\nhost: test\r\n${lines.join("")}\r\n`);
  });
}

/** A raw connection to the server, for requests that stall or never end. */
interface RawConnection {
  write(data: string | Buffer): void;
  destroy(): void;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves once the server has closed the connection; fails the test when it is still open after `ms`. */
  closedWithin(ms: number): Promise<void>;
}

async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  const connection: RawConnection = {
    write: (data) => void socket.write(data),
    destroy: () => void socket.destroy(),
    received: () => received,
    closedWithin: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the connection was still open after ${ms} ms`)), ms);
      });
      return Promise.race([closed, late]).finally(() => clearTimeout(timer));
    },
  };
  rawConnections.push(connection);
  return connection;
}

/** The head of a POST to /interactions with `headers`. */
function postHead(headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `POST /interactions HTTP/1.1\r\nhost: test\r\n${lines.join("")}\r\n`;
}

let snowflakes = 1_200_000_000_000_000_000n;
const factory = new InteractionFactory({ snowflake: () => String(snowflakes++) });

/** A 4-byte UTF-8 character (one code point, as Discord counts characters). */
const WIDE = "\u{1F600}";

/** A message command on a message with the most text Discord allows: content, and embeds up to 6,000. */
function largestTextTarget(): Record<string, unknown> {
  const embeds = Array.from({ length: 10 }, (_, i) => ({
    type: "rich",
    title: WIDE.repeat(100),
    description: WIDE.repeat(400),
    fields: [{ name: WIDE.repeat(50), value: WIDE.repeat(50), inline: false }],
    footer: { text: `footer ${i}` },
    url: "https://example.com/a/rather/long/link/to/an/article/that/is/quoted/here",
  }));
  const attachments = Array.from({ length: 10 }, (_, i) => ({
    id: `12000000000000000${10 + i}`,
    filename: `${"f".repeat(100)}.png`,
    size: 1_000_000,
    url: `https://cdn.discordapp.com/attachments/1/2/${"f".repeat(100)}.png?ex=1&is=2&hm=${"a".repeat(64)}&`,
    proxy_url: `https://media.discordapp.net/attachments/1/2/${"f".repeat(100)}.png?ex=1&is=2&hm=${"a".repeat(64)}&`,
    content_type: "image/png",
    width: 1000,
    height: 1000,
  }));
  return factory.messageCommand({ content: WIDE.repeat(4_000), embeds, attachments });
}

/** A message command on a message whose 4,000 characters are all mentions, each resolved with its member. */
function mostMentionsTarget(): Record<string, unknown> {
  const ids = Array.from({ length: 190 }, (_, i) => `${300000000000000000 + i}`);
  const interaction = factory.messageCommand({ content: ids.map((id) => `<@${id}>`).join("") });
  const data = interaction.data as { resolved: { messages: Record<string, Record<string, unknown>> } };
  for (const message of Object.values(data.resolved.messages))
    message.mentions = ids.map((id) => ({
      id,
      username: `someone-with-a-long-name-${id}`,
      global_name: `Someone With A Long Display Name ${id}`,
      avatar: "a".repeat(32),
      discriminator: "0",
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      clan: null,
      primary_guild: null,
      member: {
        roles: ids.slice(0, 10),
        nick: `A nickname of ${id}`,
        avatar: null,
        banner: null,
        joined_at: "2024-01-01T00:00:00.000000+00:00",
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
      },
    }));
  return interaction;
}
