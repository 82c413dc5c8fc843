import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { request as httpRequest, type OutgoingHttpHeaders } from "node:http";

/** A fixed clock for the server, and the matching `X-Signature-Timestamp` (Unix seconds). */
export const NOW_MS = 1_700_000_000_000;
export const NOW_SECONDS = String(NOW_MS / 1000);

/** An application's keypair, as Discord would hold it: the private half signs, the public half is hex. */
export interface DiscordKeys {
  privateKey: KeyObject;
  /** What the Developer Portal shows: the 32 raw bytes, hex (the last 32 bytes of the SPKI DER). */
  publicKeyHex: string;
}

export function generateDiscordKeys(): DiscordKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ format: "der", type: "spki" });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString("hex") };
}

/** The headers Discord sends with `body`: an Ed25519 signature over `timestamp + body`. */
export function signatureHeaders(
  keys: DiscordKeys,
  body: string | Buffer,
  timestamp = NOW_SECONDS,
): Record<string, string> {
  const signed = Buffer.concat([Buffer.from(timestamp), typeof body === "string" ? Buffer.from(body) : body]);
  return {
    "x-signature-ed25519": sign(null, signed, keys.privateKey).toString("hex"),
    "x-signature-timestamp": timestamp,
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request on a connection of its own (no keep-alive pool shared between tests). Resolves with the
 * response even when the server closes the connection while the body is still being sent (a 413).
 */
export function send(
  url: string,
  options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      `${url}${options.path ?? "/interactions"}`,
      { method: options.method ?? "POST", headers: options.headers ?? {}, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}

/** A promise the test settles itself: what a slow handler awaits. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}
