import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIPingInteraction,
  InteractionResponseType,
  InteractionType,
} from "discord-api-types/v10";
import { isRecord } from "../guards.js";
import type { Logger } from "../log.js";
import { readBody, UnverifiedBytes } from "./body.js";
import { RejectionLog, type RejectionReason } from "./rejection-log.js";
import { ReplayGuard } from "./replay-guard.js";
import { createSignatureVerifier, type SignatureHeaders } from "./signature.js";

/**
 * The HTTP interactions endpoint's transport (node:http): Discord POSTs each interaction, signed, to
 * `/interactions` and takes the HTTP response as the interaction's answer. This module checks the
 * signature, reads and parses the body, answers PING, and hands every other interaction to `handle`; it
 * knows nothing about commands.
 */

/**
 * Bodies larger than this are refused with 413. Everyday interactions are a few KiB; the largest Discord
 * sends is a message command ("Ask the article"), which carries the whole target message in data.resolved:
 * up to 4,000 characters of content and 6,000 of embeds, 4 UTF-8 bytes each at worst, is 40,000 bytes of
 * text (about 50 KB with the message's other fields and 10 attachments), and a content of ~190 mentions,
 * each resolved to a user and its member, is about 157 KB (both built in tests/http/server.test.ts).
 * 256 KiB leaves room above that for fields Discord adds, and is a quarter of the 1 MiB it was.
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The bytes that bodies not yet verified may hold together; a body that would go over is refused with 503.
 * 32 bodies of the largest size or thousands of everyday ones: Discord's bodies arrive whole and are
 * verified within a millisecond, so only bodies that stall (anyone's, not Discord's) hold bytes for long.
 */
export const MAX_UNVERIFIED_BYTES = 8 * 1024 * 1024;

/** Connections open at once; more are closed as they arrive (each costs memory, even idle). */
export const MAX_CONNECTIONS = 512;

/**
 * A request's body must have arrived within this of its headers, or the connection is closed (after a 408
 * when nothing was answered yet). Discord gives up on an answer after 3 s: a body later than that is no use.
 */
export const BODY_TIMEOUT_MS = 3_000;

/**
 * How long a connection cut at the body deadline waits for its 408 to leave, when the client does not read
 * (the 408 queued behind an answer it has not taken, or a full send buffer). An answer gets through at once
 * otherwise: Discord, which reads, never waits this.
 */
export const RESPONSE_FLUSH_GRACE_MS = 1_000;

/**
 * Interaction ids remembered to refuse replays, each for 5 minutes after its timestamp (see
 * replay-guard.ts): room for 330 interactions a second, sustained, per process, in about 10 MB when full.
 * Only verified requests are remembered, so only Discord's own traffic fills it; when full, new
 * interactions get 503 rather than an id inside its window being forgotten.
 */
export const MAX_REMEMBERED_IDS = 100_000;

/** The shortest time between two warn lines summing up refused requests (each is a debug line). */
export const REJECTION_SUMMARY_INTERVAL_MS = 60_000;

/** The path Discord is given as the Interactions Endpoint URL (after the public origin). */
export const INTERACTIONS_PATH = "/interactions";

/** The load balancer's health check: 200 `ok` while serving, 503 once `stop` has begun. */
export const HEALTH_PATH = "/healthz";

/** PING's answer: Discord's check of the endpoint, when it is saved in the Developer Portal and now and then. */
const PONG = JSON.stringify({ type: InteractionResponseType.Pong });

/** A request's headers must arrive within this (node's default is a minute)... */
const HEADERS_TIMEOUT_MS = 10_000;
/** ...and the whole request within this (a backstop: BODY_TIMEOUT_MS cuts slow bodies much earlier). */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * How often node checks those two timeouts. Its default, 30 s, let a stalled request live up to a minute
 * past them.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** Answers one interaction (never a PING); the result is sent as the HTTP response body. */
export type InteractionHandler = (
  interaction: Exclude<APIInteraction, APIPingInteraction>,
) => Promise<APIInteractionResponse>;

export interface InteractionServerOptions {
  /** The port to listen on; 0 picks a free one (see `InteractionServer.port`). */
  port: number;
  /** The address to listen on; all interfaces when omitted. */
  host?: string;
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key, 64 hex digits. */
  publicKey: string;
  /** Answers every interaction but PING. A rejection becomes a 500, logged with the interaction id. */
  handle: InteractionHandler;
  /**
   * One line per request to /interactions: "interaction_rejected" (debug), "ping" (info), "http_request"
   * (debug, or error for a 500). The interaction's own line is `handle`'s to write. Refusals are summed
   * up in an "interactions_rejected" line (warn) at most once per `rejectionSummaryIntervalMs`.
   */
  log: Pick<Logger, "debug" | "info" | "warn" | "error">;
  /** The clock for the signature's timestamp check, in ms since the epoch. Defaults to Date.now. */
  now?: () => number;
  /**
   * How long `stop` keeps serving (with /healthz at 503) before it stops listening. Requests already on
   * their way are read and answered meanwhile: closing at once would reset connections whose request
   * had arrived but was not parsed yet. Defaults to 0.
   */
  drainGraceMs?: number;
  /** Defaults to MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Defaults to MAX_UNVERIFIED_BYTES. */
  maxUnverifiedBytes?: number;
  /** Defaults to MAX_CONNECTIONS. */
  maxConnections?: number;
  /** Defaults to BODY_TIMEOUT_MS. */
  bodyTimeoutMs?: number;
  /** Defaults to RESPONSE_FLUSH_GRACE_MS. */
  responseFlushGraceMs?: number;
  /** Defaults to MAX_REMEMBERED_IDS. */
  maxRememberedIds?: number;
  /** Defaults to REJECTION_SUMMARY_INTERVAL_MS. */
  rejectionSummaryIntervalMs?: number;
}

export interface InteractionServer {
  /** Where the server listens, e.g. `http://127.0.0.1:8080` (without a path; `localhost` for all interfaces). */
  url: string;
  /** The port it listens on (the one chosen when `port` was 0). */
  port: number;
  /**
   * Answers /healthz with 503, keeps serving for `drainGraceMs`, then stops accepting connections, lets the
   * requests in flight finish (their connections then close), and resolves once all have. Calling it again
   * returns the same promise.
   */
  stop(): Promise<void>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function urlHost(address: AddressInfo): string {
  if (address.address === "0.0.0.0" || address.address === "::") return "localhost";
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

/**
 * A parsed body with what every interaction has: a numeric `type` and, but for PING, a string `id` and
 * `token` and a `data` object. The rest is the handler's to read carefully.
 */
function asInteraction(value: unknown): APIInteraction | null {
  if (!isRecord(value) || typeof value.type !== "number") return null;
  if (value.type === InteractionType.Ping) return value as unknown as APIInteraction;
  if (typeof value.id !== "string" || typeof value.token !== "string" || !isRecord(value.data)) return null;
  return value as unknown as APIInteraction;
}

/**
 * Starts the interactions endpoint: `POST /interactions` (signed by Discord; PING answered here, the rest
 * by `handle`) and `GET /healthz`. Resolves once it listens; rejects when it cannot (port in use) or when
 * `publicKey` is malformed (InvalidPublicKeyError).
 */
export async function startInteractionServer(options: InteractionServerOptions): Promise<InteractionServer> {
  const { handle, log } = options;
  const now = options.now ?? Date.now;
  const verifier = createSignatureVerifier(options.publicKey, { now });
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  const responseFlushGraceMs = options.responseFlushGraceMs ?? RESPONSE_FLUSH_GRACE_MS;
  const unverified = new UnverifiedBytes(options.maxUnverifiedBytes ?? MAX_UNVERIFIED_BYTES);
  const replays = new ReplayGuard({ capacity: options.maxRememberedIds ?? MAX_REMEMBERED_IDS, now });
  const rejections = new RejectionLog(
    log,
    options.rejectionSummaryIntervalMs ?? REJECTION_SUMMARY_INTERVAL_MS,
  );
  let draining = false;

  /**
   * Answers with `body`. The connection closes afterwards when `close` is set (the answer came before the
   * body was read: the rest is not read) and while stopping (no keep-alive connection idles on).
   */
  const send = (res: ServerResponse, status: number, body: string, json = false, close = false): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      "content-type": json ? "application/json" : "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      ...(close || draining ? { connection: "close" } : {}),
    });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, body: string): void =>
    send(res, status, body, false, true);

  /** Writes a refused request to the log of refusals: its debug line, and a count for the summary. */
  const recordRefusal = (status: number, reason: RejectionReason, started: number, id?: string): void =>
    rejections.record(reason, { status, latencyMs: elapsed(started), ...(id === undefined ? {} : { id }) });

  /**
   * Closes the connection once `res` has been handed to the system, or after responseFlushGraceMs for a
   * client that does not read. Destroying right after end() dropped an answer still queued in node (behind
   * a pipelined answer not yet read, or a full send buffer). The request goes too: once its response has
   * finished, node no longer aborts it when the socket closes, and a body still being read would hold its
   * bytes of the unverified budget for good.
   */
  const closeOnceSent = (req: IncomingMessage, res: ServerResponse): void => {
    const cut = (): void => {
      clearTimeout(fallback);
      res.off("finish", cut);
      res.off("close", cut);
      req.socket.destroy();
      req.destroy();
    };
    const fallback = setTimeout(cut, responseFlushGraceMs);
    if (res.writableFinished || res.destroyed) cut();
    else {
      res.once("finish", cut);
      res.once("close", cut);
    }
  };

  /**
   * Our own deadline for the request's body, from its headers: node checks its requestTimeout only every
   * connectionsCheckingInterval. Disarmed once the body has been read; a request refused before that keeps
   * it, so a client that stalls after the refusal loses its connection at the deadline all the same.
   */
  const armBodyDeadline = (req: IncomingMessage, res: ServerResponse, started: number): void => {
    const socket = req.socket;
    const disarm = (): void => {
      clearTimeout(timer);
      req.off("end", disarm);
      socket.off("close", disarm);
    };
    const timer = setTimeout(() => {
      disarm();
      if (!res.headersSent) {
        refuse(res, 408, "request body timeout");
        recordRefusal(408, "body_timeout", started);
      }
      closeOnceSent(req, res);
    }, bodyTimeoutMs);
    req.once("end", disarm);
    socket.once("close", disarm);
  };

  const onInteraction = async (req: IncomingMessage, res: ServerResponse, started: number): Promise<void> => {
    const declared = Number(header(req, "content-length") ?? "0");
    if (declared > maxBodyBytes) {
      refuse(res, 413, "payload too large");
      recordRefusal(413, "too_large", started);
      return;
    }
    const headers: SignatureHeaders = {
      signature: header(req, "x-signature-ed25519"),
      timestamp: header(req, "x-signature-timestamp"),
    };
    const early = verifier.checkHeaders(headers);
    if (early !== null) {
      refuse(res, 401, "invalid request signature");
      recordRefusal(401, early, started);
      return;
    }
    if (!unverified.fits(declared)) {
      refuse(res, 503, "busy: try again later");
      recordRefusal(503, "over_budget", started);
      return;
    }
    const read = await readBody(req, maxBodyBytes, unverified);
    if (read.kind === "aborted") return;
    if (read.kind === "too_large") {
      refuse(res, 413, "payload too large");
      recordRefusal(413, "too_large", started);
      return;
    }
    if (read.kind === "over_budget") {
      refuse(res, 503, "busy: try again later");
      recordRefusal(503, "over_budget", started);
      return;
    }
    let failure: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      failure = await verifier.verify(headers, read.body);
    } finally {
      // Verified or refused, the body no longer counts against what unverified bodies may hold.
      unverified.give(read.body.length);
    }
    if (failure !== null) {
      send(res, 401, "invalid request signature");
      recordRefusal(401, failure, started);
      return;
    }
    let interaction: APIInteraction | null;
    try {
      interaction = asInteraction(JSON.parse(read.body.toString("utf8")));
    } catch {
      interaction = null;
    }
    if (interaction === null) {
      send(
        res,
        400,
        "invalid interaction: expected a JSON object with a numeric type (and id, token and data)",
      );
      recordRefusal(400, "invalid_json", started);
      return;
    }
    // What the log line says of an interaction: its id and type, never its token.
    const id: unknown = interaction.id;
    const described = { id: typeof id === "string" ? id : undefined, type: interaction.type };
    if (described.id !== undefined) {
      // The signature passed, so the timestamp header is there and well formed.
      const verdict = replays.check(described.id, Number(headers.timestamp) * 1000);
      if (verdict === "replayed") {
        send(res, 409, "interaction already received");
        recordRefusal(409, "replayed", started, described.id);
        return;
      }
      if (verdict === "full") {
        send(res, 503, "busy: try again later");
        recordRefusal(503, "replay_memory_full", started, described.id);
        return;
      }
    }
    if (interaction.type === InteractionType.Ping) {
      send(res, 200, PONG, true);
      log.info({ event: "ping", ...described, status: 200, latencyMs: elapsed(started) });
      return;
    }
    let body: string;
    try {
      body = JSON.stringify(await handle(interaction));
    } catch (error) {
      send(res, 500, "internal error");
      log.error({
        event: "http_request",
        ...described,
        status: 500,
        latencyMs: elapsed(started),
        err: error,
      });
      return;
    }
    send(res, 200, body, true);
    log.debug({ event: "http_request", ...described, status: 200, latencyMs: elapsed(started) });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    // A client that goes away mid-request is not an error of ours.
    req.on("error", () => undefined);
    armBodyDeadline(req, res, started);
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path === INTERACTIONS_PATH) {
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        refuse(res, 405, "method not allowed");
        return;
      }
      onInteraction(req, res, started).catch((error: unknown) => {
        send(res, 500, "internal error");
        log.error({ event: "http_request", status: 500, latencyMs: elapsed(started), err: error });
      });
      return;
    }
    if (path === HEALTH_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        refuse(res, 405, "method not allowed");
        return;
      }
      send(res, draining ? 503 : 200, draining ? "draining" : "ok");
      return;
    }
    log.debug({ event: "http_not_found", method: req.method });
    refuse(res, 404, "not found");
  };

  const server = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    },
    onRequest,
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  // node has already closed the connection; it is counted so an attack shows in the summary.
  server.on("drop", () => rejections.record("too_many_connections"));
  await new Promise<void>((resolve, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(options.port, options.host, () => {
      server.off("error", rejectListen);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost(address)}:${address.port}`,
    port: address.port,
    stop() {
      stopped ??= new Promise<void>((resolve, rejectStop) => {
        draining = true;
        // Then stops listening and closes idle keep-alive connections; the callback waits for the busy ones.
        const close = (): void => {
          server.close((error) => {
            // What was refused since the last summary is written now, not lost with the process.
            rejections.flush();
            if (error) rejectStop(error);
            else resolve();
          });
        };
        const grace = options.drainGraceMs ?? 0;
        if (grace > 0) setTimeout(close, grace);
        else close();
      });
      return stopped;
    },
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
