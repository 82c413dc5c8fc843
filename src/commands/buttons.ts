import { DISCORD_LIMITS } from "../interactions/limits.js";
import type { Library } from "../library.js";

/**
 * A button press must work after a restart, so its id carries all it needs and no server state:
 * `ask:<corpus version>:<page>[u]:<passage ordinals, dot-separated>`, e.g. `ask:Xy12_-ab:1u:29.30.4`;
 * `u` marks an answer in the "maybe" tier, so its first page stays marked uncertain.
 */
export interface PageRequest {
  page: number;
  passageIds: string[];
  /** The first passage was quoted as a possible answer, not a sure one. */
  unsure?: boolean;
}

export type DecodedButton =
  | { kind: "page"; request: PageRequest }
  | { kind: "stale" }
  | { kind: "invalid"; reason: string };

const PREFIX = "ask";
const PATTERN = /^ask:([\w-]{1,16}):(\d{1,2})(u?):(\d{1,6}(?:\.\d{1,6}){0,14})$/;

export function isAskButton(customId: string): boolean {
  return customId.startsWith(`${PREFIX}:`);
}

export function encodePageButton(library: Library, request: PageRequest): string {
  const ordinals = request.passageIds.map((id) => {
    const ordinal = library.kb.ordinalOf(id);
    if (ordinal === undefined) throw new Error(`passage ${id} is not in the library`);
    return ordinal;
  });
  const page = `${request.page}${request.unsure ? "u" : ""}`;
  const id = [PREFIX, library.version, page, ordinals.join(".")].join(":");
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`button id too long: ${id.length}`);
  return id;
}

export function decodePageButton(library: Library, customId: string): DecodedButton {
  const match = PATTERN.exec(customId);
  if (!match) return { kind: "invalid", reason: "malformed id" };
  const [, version, pageText, unsureMark, ordinalText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== library.version) return { kind: "stale" };
  const passageIds: string[] = [];
  for (const ordinal of ordinalText.split(".")) {
    const passage = library.kb.passageAt(Number(ordinal));
    if (!passage) return { kind: "invalid", reason: `no passage ${ordinal}` };
    passageIds.push(passage.id);
  }
  const page = Number(pageText);
  if (page >= passageIds.length) return { kind: "invalid", reason: `page ${page} out of range` };
  return { kind: "page", request: { page, passageIds, ...(unsureMark ? { unsure: true } : {}) } };
}
