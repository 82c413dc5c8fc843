/** The width of output that is not a terminal (a pipe, a file), or of a terminal that does not say. */
export const DEFAULT_WIDTH = 80;

/** The console's own bold (and any other CSI left in): no columns, and never a place to break. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: measuring around terminal codes is the point
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;

/** A list item, a citation or an echoed question: its wrapped lines go under its text, not its mark. */
const MARK = /^(\s*)([•—?] )/;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** East Asian wide and fullwidth blocks (Unicode's East_Asian_Width W and F, in broad ranges). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

/** Columns one user-perceived character takes: emoji and CJK two, combining marks and controls none. */
function graphemeWidth(grapheme: string): number {
  if (/\p{Emoji_Presentation}|\uFE0F/u.test(grapheme)) return 2;
  const code = grapheme.codePointAt(0) ?? 0;
  if (WIDE_RANGES.some(([from, to]) => code >= from && code <= to)) return 2;
  if (/^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u.test(grapheme)) return 0;
  return 1;
}

/** The columns a text takes in a terminal: by grapheme, not UTF-16 unit; escape sequences take none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text.replace(ESCAPE_SEQUENCE, ""))) {
    width += graphemeWidth(segment);
  }
  return width;
}

/** How wide to wrap for a stream (any Writable): a terminal's columns, else `otherwise`. */
export function terminalWidth(stream: object, otherwise = DEFAULT_WIDTH): number {
  // A Writable's type does not have them; a terminal's (tty.WriteStream) does.
  const { isTTY, columns } = stream as { isTTY?: unknown; columns?: unknown };
  return isTTY === true && typeof columns === "number" && Number.isInteger(columns) && columns > 0
    ? columns
    : otherwise;
}

/** One line, greedily filled: breaks go where spaces were; a word wider than the line stands alone, whole. */
function wrapLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  const lead = /^\s*/.exec(line)?.[0] ?? "";
  const mark = MARK.exec(line);
  const hanging = mark ? " ".repeat(displayWidth(`${mark[1]}${mark[2]}`)) : lead;
  // An indent that leaves almost no room would make a column of single words: start at the margin.
  const indent = displayWidth(hanging) <= width / 2 ? hanging : "";
  const out: string[] = [];
  let current = lead;
  let currentWidth = displayWidth(lead);
  let empty = true;
  for (const [, space = "", word = ""] of line.slice(lead.length).matchAll(/(\s*)(\S+)/g)) {
    const wordWidth = displayWidth(word);
    if (empty) {
      current += word;
      currentWidth += wordWidth;
    } else if (currentWidth + displayWidth(space) + wordWidth <= width) {
      current += space + word;
      currentWidth += displayWidth(space) + wordWidth;
    } else {
      out.push(current);
      current = indent + word;
      currentWidth = displayWidth(indent) + wordWidth;
    }
    empty = false;
  }
  out.push(current);
  return out.join("\n");
}

/**
 * Text wrapped to `width` columns at word boundaries: only whitespace between words changes (a break
 * replaces it), so a quoted paragraph keeps its words exactly. A word wider than the line is not cut:
 * the terminal folds it, and a URL stays one piece to copy or open.
 */
export function wrapText(text: string, width: number): string {
  if (!(width > 0)) return text;
  return text
    .split("\n")
    .map((line) => wrapLine(line, width))
    .join("\n");
}
