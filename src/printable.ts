/**
 * Making user-controlled text (a file name, an environment variable) safe to echo in an error line.
 * A terminal obeys escape sequences and bidi controls in what it prints: a crafted corpus file name
 * could otherwise colour, clear or reorder the error that names it.
 */

/** How many characters of one echoed value an error line shows, by default. */
export const MAX_SHOWN_CHARS = 200;

/**
 * C0 and C1 controls and DEL (`\p{Cc}`, ESC included), the bidi controls (`\p{Bidi_C}`: U+061C, U+200E,
 * U+200F, U+202A-202E, U+2066-2069), the line and paragraph separators, and lone surrogates (`\p{Cs}`
 * matches only unpaired ones under the `u` flag). One character class: linear on any input.
 */
const UNSAFE = /[\p{Cc}\p{Bidi_C}\u2028\u2029\p{Cs}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every unsafe character written as a JSON-style escape (`\u001b`, `\n`); everything else,
 * backslashes included, as it is, so an ordinary path reads the same.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * `text` escaped as by `escapeControls` and cut to at most `max` characters, followed by "…" when cut.
 * Never cuts inside an escape or a surrogate pair.
 */
export function printable(text: string, max = MAX_SHOWN_CHARS): string {
  let shown = "";
  // By code point, so a pair stays whole; stops at the cap, so a huge value costs nothing more.
  for (const char of text) {
    const piece = escapeControls(char);
    if (shown.length + piece.length > max) return `${shown}…`;
    shown += piece;
  }
  return shown;
}
