import { MAX_SHOWN_CHARS, printable } from "./printable.js";

/**
 * Whether an address can be put in a Markdown link as it is. One rule for the corpus (refused at
 * load) and for rendering (not linked): http(s) with `//` (`https:example.org` parses, with the
 * host guessed), readable by `new URL()`, and free of anything that could end the link early or
 * split it: brackets, parentheses, angle brackets, backslashes, spaces and control characters.
 */
export type UrlProblem = "not-http" | "breaks-link";

const LINK_BREAKING = /[\s\p{Cc}[\]()<>\\]/u;

export function urlProblem(url: string): UrlProblem | undefined {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return "not-http";
  return LINK_BREAKING.test(url) ? "breaks-link" : undefined;
}

/** The URL itself when it is safe to link, else undefined. */
export function linkableUrl(url: string | undefined): string | undefined {
  return url !== undefined && urlProblem(url) === undefined ? url : undefined;
}

/**
 * How an error line shows an address the user configured: without what can hold a secret (the user
 * name and password, the query, the fragment; a cut query is marked `?…`, a fragment `#…`), escaped
 * by `printable`. Works on the text as written, valid URL or not (`https//user:pw@host`), so the user
 * recognises it: the userinfo is whatever ends at the last `@` and starts after the `/` before it.
 */
export function urlForDisplay(raw: string, max = MAX_SHOWN_CHARS): string {
  const queryAt = raw.search(/[?#]/);
  let shown = queryAt === -1 ? raw : `${raw.slice(0, queryAt)}${raw[queryAt]}…`;
  const at = shown.lastIndexOf("@");
  if (at > 0) {
    const start = Math.max(shown.lastIndexOf("/", at), shown.lastIndexOf("\\", at)) + 1;
    if (start < at) shown = `${shown.slice(0, start)}${shown.slice(at + 1)}`;
  }
  return printable(shown, max);
}
