import { standardWord } from "./informal-id.js";

/** What kind of thing a question asks for, when its question word says so. */
export type AnswerType = "number" | "time" | "person" | "place";

const MONTHS =
  "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|" +
  "january|february|march|june|july|august|october|december";

/** What a passage must contain to answer each kind of question. */
const EVIDENCE: Readonly<Record<AnswerType, RegExp>> = {
  number:
    /\d|\b(?:se|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)?(?:puluh|ratus|ribu|juta|miliar|triliun)\b|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu)\b/i,
  time: new RegExp(
    `\\b(?:1\\d{3}|20\\d{2})\\b|\\b(?:${MONTHS})\\b|\\babad\\b|\\bpukul\\b|\\btanggal\\b|\\bzaman\\b|\\bmasa\\b`,
    "i",
  ),
  // Two capitalised words in a row that do not open a sentence: a name.
  person: /(?<![.!?"“]\s|^)\b\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u,
  place:
    /\b(?:di|ke|dari)\s+\p{Lu}|\b(?:kota|provinsi|kabupaten|kecamatan|desa|negara|pulau|daerah|wilayah|benua|kawasan)\b/iu,
};

/** Reads the question word: `berapa`/`how many` -> number, `kapan`/`when` -> time, and so on. */
export function answerTypeOf(tokens: readonly string[]): AnswerType | undefined {
  const words = tokens.map((t) => standardWord(t) || t);
  const text = ` ${words.join(" ")} `;
  if (/ (?:berapa|berapakah) | how (?:many|much) /.test(text)) return "number";
  if (/ (?:kapan|kapankah|bilamana) | when | what year | (?:tahun|tanggal) berapa /.test(text)) return "time";
  if (/ (?:siapa|siapakah) | who | whom /.test(text)) return "person";
  if (/ (?:dimana|dimanakah|di mana|di manakah|mana) | where /.test(text)) return "place";
  return undefined;
}

export function hasEvidence(type: AnswerType, text: string): boolean {
  return EVIDENCE[type].test(text);
}
