import { describe, expect, it } from "vitest";
import {
  createSignatureVerifier,
  InvalidPublicKeyError,
  MAX_TIMESTAMP_SKEW_MS,
  parsePublicKey,
} from "../../src/http/signature.js";
import { generateDiscordKeys, NOW_MS, NOW_SECONDS, signatureHeaders } from "./discord-signing.js";

const keys = generateDiscordKeys();
const body = Buffer.from(JSON.stringify({ type: 1, id: "1" }));

function headersOf(signed: Record<string, string>) {
  return { signature: signed["x-signature-ed25519"], timestamp: signed["x-signature-timestamp"] };
}

describe("createSignatureVerifier", () => {
  const verifier = createSignatureVerifier(keys.publicKeyHex, { now: () => NOW_MS });

  it("accepts a request signed like Discord: timestamp + raw body, Ed25519", async () => {
    await expect(verifier.verify(headersOf(signatureHeaders(keys, body)), body)).resolves.toBeNull();
  });

  it("accepts the key in upper case and with surrounding whitespace (as pasted into .env)", async () => {
    const pasted = createSignatureVerifier(` ${keys.publicKeyHex.toUpperCase()}\n`, { now: () => NOW_MS });
    await expect(pasted.verify(headersOf(signatureHeaders(keys, body)), body)).resolves.toBeNull();
  });

  it("refuses a body changed after signing", async () => {
    const tampered = Buffer.from(body.toString().replace('"1"', '"2"'));
    await expect(verifier.verify(headersOf(signatureHeaders(keys, body)), tampered)).resolves.toBe(
      "bad_signature",
    );
  });

  it("refuses a timestamp changed after signing (it is part of what is signed)", async () => {
    const headers = headersOf(signatureHeaders(keys, body));
    await expect(
      verifier.verify({ ...headers, timestamp: String(Number(NOW_SECONDS) + 1) }, body),
    ).resolves.toBe("bad_signature");
  });

  it("refuses a request signed with another key", async () => {
    await expect(
      verifier.verify(headersOf(signatureHeaders(generateDiscordKeys(), body)), body),
    ).resolves.toBe("bad_signature");
  });

  it("refuses missing headers", () => {
    const headers = headersOf(signatureHeaders(keys, body));
    expect(verifier.checkHeaders({ ...headers, signature: undefined })).toBe("missing_headers");
    expect(verifier.checkHeaders({ ...headers, timestamp: undefined })).toBe("missing_headers");
  });

  it.each([
    ["a signature that is not hex", { signature: "zz".repeat(64) }],
    ["a signature of the wrong length", { signature: "ab".repeat(63) }],
    ["a timestamp that is not Unix seconds", { timestamp: "2023-11-14T22:13:20Z" }],
    ["a timestamp with a fraction", { timestamp: `${NOW_SECONDS}.5` }],
  ])("refuses %s", async (_, change) => {
    const headers = { ...headersOf(signatureHeaders(keys, body)), ...change };
    await expect(verifier.verify(headers, body)).resolves.toBe("malformed_headers");
  });

  it.each([
    ["older", -1],
    ["newer", 1],
  ])("refuses a timestamp more than five minutes %s than now, even correctly signed", async (_, sign) => {
    const stale = String(Number(NOW_SECONDS) + sign * (MAX_TIMESTAMP_SKEW_MS / 1000 + 1));
    const headers = headersOf(signatureHeaders(keys, body, stale));
    expect(verifier.checkHeaders(headers)).toBe("stale_timestamp");
    await expect(verifier.verify(headers, body)).resolves.toBe("stale_timestamp");
  });

  it("accepts a timestamp exactly five minutes old", async () => {
    const edge = String(Number(NOW_SECONDS) - MAX_TIMESTAMP_SKEW_MS / 1000);
    await expect(verifier.verify(headersOf(signatureHeaders(keys, body, edge)), body)).resolves.toBeNull();
  });

  it("reads the injected clock on every request, not once", async () => {
    let now = NOW_MS;
    const moving = createSignatureVerifier(keys.publicKeyHex, { now: () => now });
    const headers = headersOf(signatureHeaders(keys, body));
    await expect(moving.verify(headers, body)).resolves.toBeNull();
    now += MAX_TIMESTAMP_SKEW_MS + 1000;
    await expect(moving.verify(headers, body)).resolves.toBe("stale_timestamp");
  });
});

describe("parsePublicKey", () => {
  it("builds an Ed25519 key from the 32 raw bytes", () => {
    expect(parsePublicKey(keys.publicKeyHex).asymmetricKeyType).toBe("ed25519");
  });

  it.each([
    ["empty", "", /it is empty/],
    ["too short", keys.publicKeyHex.slice(0, 62), /it has 62 characters/],
    [
      "too long (the SPKI DER, not the raw key)",
      `302a300506032b6570032100${keys.publicKeyHex}`,
      /88 characters/,
    ],
    ["not hex", `${keys.publicKeyHex.slice(0, 63)}g`, /not all hex/],
  ])("throws InvalidPublicKeyError naming DISCORD_PUBLIC_KEY when it is %s", (_, hex, detail) => {
    expect(() => parsePublicKey(hex)).toThrow(InvalidPublicKeyError);
    expect(() => parsePublicKey(hex)).toThrow(/DISCORD_PUBLIC_KEY must be .*64 hex digits/);
    expect(() => parsePublicKey(hex)).toThrow(detail);
  });

  it("is thrown by createSignatureVerifier too, before any request", () => {
    expect(() => createSignatureVerifier("not a key")).toThrow(InvalidPublicKeyError);
  });
});
