/**
 * The first `end` UTF-16 units of `text`, one fewer when the cut would split a character outside the
 * Basic Multilingual Plane (an emoji): a lone surrogate is not text, and Discord refuses it.
 */
export function cutAt(text: string, end: number): string {
  if (end >= text.length) return text;
  const last = text.charCodeAt(end - 1);
  const cut = text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
  // A copy, not a slice: V8 keeps a slice as a view on the whole string, so a 300-character cut of a
  // forged 60 KiB question, remembered in a word or answer memo, would keep all 60 KiB alive.
  return Buffer.from(cut, "utf16le").toString("utf16le");
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = cutAt(text, max - 1);
  const lastSpace = room.lastIndexOf(" ");
  return `${(lastSpace >= max / 2 ? room.slice(0, lastSpace) : room).trimEnd()}…`;
}

/** Like `truncateAtWord`, but prefers to end after the last whole sentence that fits in the second half. */
export function truncateAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = cutAt(text, max - 2);
  const sentenceEnds = [...room.matchAll(/[.!?]["”’)]?(?=\s)/g)];
  const last = sentenceEnds[sentenceEnds.length - 1];
  if (last && last.index + last[0].length >= max / 2)
    return `${room.slice(0, last.index + last[0].length)} …`;
  return truncateAtWord(text, max);
}

/** The first sentence of a paragraph, cut at a word if long: a one-line summary. */
export function firstSentence(text: string, max = 200): string {
  const sentence = /^.+?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return truncateAtWord(sentence, max);
}
