import { createPublicKey, type KeyObject, verify } from "node:crypto";

/**
 * Discord's request signatures (HTTP interactions endpoint): `X-Signature-Ed25519` is the hex Ed25519
 * signature of `X-Signature-Timestamp + raw body`, made with the key whose public half the Developer Portal
 * shows as the application's public key. Only node:crypto is used.
 */

/** The DER header of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** How far `X-Signature-Timestamp` may be from now, either way, before a request counts as replayed. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

const PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/i;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/i;
/** Unix seconds, as Discord sends them; the length cap keeps `Number` exact. */
const TIMESTAMP = /^\d{1,12}$/;

/** DISCORD_PUBLIC_KEY is not a usable Ed25519 public key. The message says what it must be. */
export class InvalidPublicKeyError extends Error {
  override readonly name = "InvalidPublicKeyError";
}

/**
 * The KeyObject for a raw Ed25519 public key given as hex (DISCORD_PUBLIC_KEY). Build it once at start-up:
 * throws InvalidPublicKeyError when the text is not 64 hex digits or not a valid Ed25519 point.
 */
export function parsePublicKey(hex: string): KeyObject {
  const trimmed = hex.trim();
  const expected =
    "DISCORD_PUBLIC_KEY must be the application's public key from the Developer Portal " +
    "(General Information): 64 hex digits, the 32 bytes of an Ed25519 public key";
  if (!PUBLIC_KEY_HEX.test(trimmed)) {
    const shape = trimmed === "" ? "it is empty" : `it has ${trimmed.length} characters`;
    throw new InvalidPublicKeyError(
      `${expected}; ${shape}${/[^0-9a-f]/i.test(trimmed) ? ", not all hex" : ""}`,
    );
  }
  try {
    return createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(trimmed, "hex")]),
      format: "der",
      type: "spki",
    });
  } catch (error) {
    throw new InvalidPublicKeyError(`${expected}; these 32 bytes are not an Ed25519 public key`, {
      cause: error,
    });
  }
}

/** Why a request's signature was refused (for the log line; the client only ever sees a 401). */
export type SignatureFailure = "missing_headers" | "malformed_headers" | "stale_timestamp" | "bad_signature";

export interface SignatureHeaders {
  /** `X-Signature-Ed25519`. */
  signature: string | undefined;
  /** `X-Signature-Timestamp`. */
  timestamp: string | undefined;
}

export interface SignatureVerifier {
  /**
   * The checks that need only the headers: both present and well formed, the timestamp within
   * MAX_TIMESTAMP_SKEW_MS of now. Run before reading the body; `null` when they pass.
   */
  checkHeaders(headers: SignatureHeaders): SignatureFailure | null;
  /**
   * Every check, including the signature over `timestamp + body`; `null` when the request is Discord's.
   * The signature is checked on libuv's thread pool, off the event loop: it was the largest single cost
   * of a request in the burst profile (npm run bench).
   */
  verify(headers: SignatureHeaders, body: Buffer): Promise<SignatureFailure | null>;
}

export interface SignatureVerifierOptions {
  /** The clock, in milliseconds since the epoch (tests pass a fixed one). Defaults to Date.now. */
  now?: () => number;
}

/**
 * A verifier for requests signed with the key `publicKeyHex` (DISCORD_PUBLIC_KEY, hex). The key is parsed
 * once, here: throws InvalidPublicKeyError when it is malformed.
 */
export function createSignatureVerifier(
  publicKeyHex: string,
  options: SignatureVerifierOptions = {},
): SignatureVerifier {
  const key = parsePublicKey(publicKeyHex);
  const now = options.now ?? Date.now;

  const checkHeaders = ({ signature, timestamp }: SignatureHeaders): SignatureFailure | null => {
    if (signature === undefined || timestamp === undefined) return "missing_headers";
    if (!SIGNATURE_HEX.test(signature) || !TIMESTAMP.test(timestamp)) return "malformed_headers";
    if (Math.abs(now() - Number(timestamp) * 1000) > MAX_TIMESTAMP_SKEW_MS) return "stale_timestamp";
    return null;
  };

  return {
    checkHeaders,
    async verify(headers, body) {
      const failure = checkHeaders(headers);
      if (failure !== null) return failure;
      // checkHeaders has established both are present and well formed.
      const signed = Buffer.concat([Buffer.from(headers.timestamp ?? "", "utf8"), body]);
      const signature = Buffer.from(headers.signature ?? "", "hex");
      const valid = await new Promise<boolean>((resolve) =>
        verify(null, signed, key, signature, (error, result) => resolve(error === null && result)),
      );
      return valid ? null : "bad_signature";
    },
  };
}
