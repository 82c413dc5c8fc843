import { eng as englishStopwords, ind as indonesianStopwords } from "stopword";

/** Indonesian function words: the stopwords-iso `id` list as the `stopword` package ships it. */
export const STOPWORDS: ReadonlySet<string> = new Set(indonesianStopwords);

/** The `stopword` English list lacks some auxiliaries and question words that English questions lean on. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  ...englishStopwords,
  ...[
    "does",
    "doing",
    "done",
    "will",
    "shall",
    "whom",
    "whose",
    "why",
    "not",
    "no",
    "yes",
    "according",
    "its",
  ],
]);

/** Stopwords that still carry a question's meaning (time, measure, order, place, making ready). */
export const MEANINGFUL_STOPWORDS: ReadonlySet<string> = new Set([
  "tahun",
  "bulan",
  "masa",
  "depan",
  "waktu",
  "baru",
  "awal",
  "akhir",
  "besar",
  "kecil",
  "tinggi",
  "panjang",
  "pertama",
  "kedua",
  "kelima",
  "tempat",
  "bekerja",
  "masalah",
  "mempersiapkan",
  "menyiapkan",
  "penting",
  "umum",
  "bapak", // "Bapak Biologi": the founder of a field
]);

/**
 * Words that frame a question rather than name its subject ("Apa *nama* ...", "Apa *pengertian* ...",
 * "*Letak* ... di mana"): they count, but less than the subject's words.
 */
export const QUESTION_FRAME_WORDS: ReadonlySet<string> = new Set([
  "nama",
  "pengertian",
  "definisi",
  "arti",
  "artinya",
  "maksud",
  "dimaksud",
  "istilah",
  "jelaskan",
  "sebutkan",
  "letak",
  "name",
  "called",
  "meaning",
  "definition",
  "mean",
]);

/** Question words the stopword list lacks (it has `di`, `mana`, `dari` only as separate words). */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  "dimana",
  "dimanakah",
  "darimana",
  "darimanakah",
  "kemana",
  "manakah",
]);

/** How much a framing word counts against a subject word. */
export const FRAME_WORD_WEIGHT = 0.3;
