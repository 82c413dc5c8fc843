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
