import { MAX_SHOWN_CHARS, printable } from "./printable.js";
import { BOT_TOKEN_SHAPE } from "./token-shape.js";

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
 * What stands before the user name: a scheme with its slashes as written, even half-typed (`https//`,
 * `https:/\\`). `http:`/`https:` need no slash (`https:user:pw@host` parses); any other word needs one, or
 * `admin:s3cret@host` would keep `admin:` as a "scheme".
 */
const SCHEME_PART = /^(?:https?:[/\\]*|[a-z][a-z\d+.-]*(?::[/\\]+|[/\\]{2,}))/i;

const TOKEN_SHAPES = new RegExp(BOT_TOKEN_SHAPE.source, "g");
const TOKEN_HIDDEN = "[bot token hidden]";

/**
 * How an error line shows an address the user configured, the one place that decides it: without what can
 * hold a secret, then escaped and capped by `printable`. Works on the text as written, valid URL or not, so
 * the user recognises it:
 * - the user name and password are everything between the scheme and the last `@`, since an unencoded
 *   password may hold `/`, `\` or `@`; when an `@` comes after the first `?` or `#`, the password may run
 *   past them (or the query holds the `@`): only the scheme is shown, then `…`;
 * - the query and the fragment are cut, marked `?…` and `#…`;
 * - any token-shaped part left (a REST proxy keyed by its path) is replaced by `[bot token hidden]`,
 *   before the cap, so a cut never shows part of one.
 */
export function urlForDisplay(raw: string, max = MAX_SHOWN_CHARS): string {
  const scheme = SCHEME_PART.exec(raw)?.[0] ?? "";
  const rest = raw.slice(scheme.length);
  const queryAt = rest.search(/[?#]/);
  let shown: string;
  if (queryAt !== -1 && rest.includes("@", queryAt)) {
    shown = "…";
  } else {
    const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
    const afterUserinfo = beforeQuery.slice(beforeQuery.lastIndexOf("@") + 1);
    shown = queryAt === -1 ? afterUserinfo : `${afterUserinfo}${rest[queryAt]}…`;
  }
  // Over the whole text: a token can stand where a scheme would (`<token>//host`).
  return printable(`${scheme}${shown}`.replace(TOKEN_SHAPES, TOKEN_HIDDEN), max);
}
