/** The languages the bot answers in. Discord's Indonesian locale is `id`; everything else gets English. */
export type Lang = "id" | "en";

export function langOf(locale: unknown): Lang {
  // Read from payloads as sent: a locale that is not a string is no locale, not a reason to fail.
  return typeof locale === "string" && locale.toLowerCase().startsWith("id") ? "id" : "en";
}

/**
 * The terminal's language, by the usual precedence: LC_ALL, then LC_MESSAGES, then LANG, then the
 * first of LANGUAGE's list (`id:en`). An empty variable does not count.
 */
export function terminalLang(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG, env.LANGUAGE?.split(":")[0]].find((v) => v);
  return langOf(locale);
}

export interface Messages {
  answerTitle: string;
  maybeTitle: string;
  maybeText: string;
  maybeTextAlone: string;
  otherMatchTitle: string;
  notFoundTitle: string;
  notFoundText: string;
  closest: string;
  otherMatches: string;
  question: string;
  /** The heading of an answer's citation. */
  source: string;
  section: string;
  paragraph: string;
  lede: string;
  previous: string;
  next: string;
  matchOf: (n: number, total: number) => string;
  emptyQuestion: string;
  noWordsQuestion: string;
  promisesTitle: (article: string) => string;
  promiseTitle: (n: number, title: string) => string;
  noKeyPoints: (article: string) => string;
  noSuchPromise: (n: number, count: number) => string;
  unknownArticle: (name: string) => string;
  whichArticleTitle: string;
  whichArticle: string;
  aboutTitle: string;
  aboutText: string;
  articlesKnown: string;
  /** The commands /about points to, by their names in this language. */
  aboutFooter: string;
  paragraphs: (n: number) => string;
  helpTitle: string;
  helpExamples: string;
  /** /help's lines about the console's own commands (paging, leaving). */
  consoleHelpExtra: readonly string[];
  consolePaging: string;
  consoleBanner: string;
  consoleNothingToPage: string;
  consoleNothingToRate: string;
  consoleRateUsage: string;
  /** /prev at an answer's first match, /next at its last, and either on an answer with one match. */
  consoleNoEarlier: string;
  consoleNoLater: string;
  consoleOnlyMatch: string;
  /** The console's versions of texts that speak of Discord's buttons (`maybeText`, `ratingThanks`). */
  consoleMaybeText: string;
  consoleRatingThanks: string;
  staleButton: string;
  unknownCommand: (name: string) => string;
  /** A kind of interaction the bot has no use for (a form, a menu). */
  unsupported: string;
  helpful: string;
  notHelpful: string;
  /** The private acknowledgement of a rating. */
  ratingThanks: string;
  /** A rating that could not be stored: said instead of the thanks, so the user knows to try again. */
  ratingFailed: string;
  /** "Ask the article" on a message with no text (only an image or an embed). */
  noTextToAsk: string;
  /** The author line of an answer to someone's message (the context menu), linked to that message. */
  answeringMessage: (author: string) => string;
  badButton: string;
  cooldown: (seconds: number) => string;
  failed: (id: string) => string;
  shuttingDown: string;
}

const ID: Messages = {
  answerTitle: "Jawaban dari artikel",
  maybeTitle: "Mungkin ini jawabannya",
  maybeTextAlone: "Saya tidak yakin paragraf ini menjawab pertanyaan Anda; hanya paragraf ini yang cocok.",
  otherMatchTitle: "Paragraf lain yang cocok",
  maybeText:
    "Saya tidak yakin paragraf ini menjawab pertanyaan Anda. Paragraf lain ada di bawah, satu klik lagi.",
  notFoundTitle: "Tidak ada di artikel",
  notFoundText: "Artikel tidak menjawab pertanyaan ini.",
  closest: "Paragraf terdekat",
  otherMatches: "Hasil lain",
  question: "Pertanyaan",
  source: "Sumber",
  section: "bagian",
  paragraph: "paragraf",
  lede: "pembuka",
  previous: "Sebelumnya",
  next: "Hasil lain",
  matchOf: (n, total) => `Hasil ${n} dari ${total}`,
  emptyQuestion: "Tulis pertanyaan tentang artikel, misalnya: Sekolah apa yang ingin dibangun Alibaba?",
  noWordsQuestion: "Pertanyaan ini tidak berisi kata yang bisa dicari. Coba tulis dengan kata-kata.",
  promisesTitle: (article) => `Janji-janji dalam "${article}"`,
  promiseTitle: (n, title) => `Janji ${n}: ${title}`,
  noKeyPoints: (article) => `Artikel "${article}" tidak memiliki bagian bernomor.`,
  noSuchPromise: (n, count) => `Tidak ada janji nomor ${n}. Pilih 1 sampai ${count}.`,
  unknownArticle: (name) => `Artikel "${name}" tidak dikenal. Lihat /tentang untuk daftar artikel.`,
  whichArticleTitle: "Artikel yang mana?",
  whichArticle:
    "Bot ini mengenal beberapa artikel berjanji. Pilih satu dengan `artikel:` (slug-nya di bawah).",
  aboutTitle: "Tentang tanya-artikel",
  aboutText:
    "Bot ini menjawab pertanyaan tentang artikel berita dengan mengutip paragraf yang menjawabnya, kata demi kata, beserta sumbernya. Jika artikel tidak menjawab, bot akan mengatakannya.",
  articlesKnown: "Artikel yang diketahui",
  aboutFooter: "/tanya · /janji · /bantuan",
  paragraphs: (n) => `${n} paragraf`,
  helpTitle: "Cara memakai tanya-artikel",
  helpExamples: "Contoh pertanyaan",
  consoleHelpExtra: [
    "`/lanjut` dan `/kembali` membuka hasil berikutnya atau sebelumnya dari jawaban terakhir.",
    "`/nilai ya` atau `/nilai tidak` menilai jawaban terakhir (membantu atau tidak).",
    "`/keluar` selesai.",
  ],
  consolePaging: "/lanjut, /kembali",
  consoleBanner: [
    "tanya-artikel berjalan lokal (DISCORD_TOKEN belum diisi). Ketik pertanyaan, atau /tanya, /janji [n], /tentang, /bantuan; /lanjut dan /kembali membuka hasil lain; /keluar untuk selesai.",
    "Untuk tersambung ke Discord, isi DISCORD_TOKEN dan DISCORD_APPLICATION_ID di .env (lihat README), jalankan npm run register, lalu npm start.",
  ].join("\n"),
  consoleNothingToPage: "Belum ada jawaban untuk dibuka halamannya. Ajukan pertanyaan dulu.",
  consoleNothingToRate: "Belum ada jawaban untuk dinilai. Ajukan pertanyaan dulu.",
  consoleRateUsage: "Tulis /nilai ya (membantu) atau /nilai tidak (tidak membantu).",
  consoleNoEarlier: "Ini hasil pertama: tidak ada hasil sebelumnya. Ketik /lanjut untuk hasil berikutnya.",
  consoleNoLater: "Ini hasil terakhir: tidak ada hasil sesudahnya. Ketik /kembali untuk hasil sebelumnya.",
  consoleOnlyMatch: "Jawaban ini hanya punya satu hasil: tidak ada halaman lain untuk dibuka.",
  consoleMaybeText:
    "Saya tidak yakin paragraf ini menjawab pertanyaan Anda. Paragraf lain ada di bawah; ketik /lanjut untuk melihatnya.",
  consoleRatingThanks: "Terima kasih! Penilaian Anda dicatat (ketik /nilai lagi untuk mengubahnya).",
  staleButton: "Tombol ini berasal dari versi artikel yang lebih lama. Silakan bertanya lagi dengan /tanya.",
  badButton: "Tombol ini tidak dikenali. Silakan bertanya lagi dengan /tanya.",
  unknownCommand: (name) => `Perintah /${name} tidak dikenal. Coba /bantuan.`,
  unsupported: "Bot ini tidak bisa menjawab interaksi semacam ini. Coba /bantuan.",
  helpful: "Membantu",
  notHelpful: "Tidak membantu",
  ratingThanks: "Terima kasih! Penilaian Anda dicatat (klik lagi untuk mengubahnya).",
  ratingFailed: "Maaf, penilaian Anda tidak dapat disimpan saat ini. Silakan coba lagi nanti.",
  noTextToAsk: "Pesan ini tidak berisi teks untuk ditanyakan (hanya gambar atau embed).",
  answeringMessage: (author) => `Menjawab pertanyaan ${author}`,
  cooldown: (seconds) => `Pelan-pelan ya: Anda bisa bertanya lagi dalam ${seconds} detik.`,
  failed: (id) => `Maaf, terjadi kesalahan. Kode: ${id}`,
  shuttingDown: "Bot sedang dimatikan sebentar. Silakan coba lagi sebentar lagi.",
};

const EN: Messages = {
  answerTitle: "Answer from the article",
  maybeTitle: "Possibly the answer",
  maybeTextAlone: "I am not sure this paragraph answers your question; it is the only one that matches.",
  otherMatchTitle: "Another matching paragraph",
  maybeText:
    "I am not sure this paragraph answers your question. Other paragraphs are below, one click away.",
  notFoundTitle: "Not in the article",
  notFoundText: "The article does not answer this question.",
  closest: "Closest paragraphs",
  otherMatches: "Other matches",
  question: "Question",
  source: "Source",
  section: "section",
  paragraph: "paragraph",
  lede: "introduction",
  previous: "Previous",
  next: "Other matches",
  matchOf: (n, total) => `Match ${n} of ${total}`,
  emptyQuestion: "Write a question about the article, for example: What school does Alibaba want to build?",
  noWordsQuestion: "This question has no words to search for. Try asking in words.",
  promisesTitle: (article) => `The promises in "${article}"`,
  promiseTitle: (n, title) => `Promise ${n}: ${title}`,
  noKeyPoints: (article) => `The article "${article}" has no numbered sections.`,
  noSuchPromise: (n, count) => `There is no promise number ${n}. Choose 1 to ${count}.`,
  unknownArticle: (name) => `I don't know the article "${name}". See /about for the list.`,
  whichArticleTitle: "Which article?",
  whichArticle: "I know several articles with promises. Pick one with `article:` (their slugs are below).",
  aboutTitle: "About tanya-artikel",
  aboutText:
    "This bot answers questions about news articles by quoting, word for word, the paragraph that answers them, with its source. When the article does not answer, it says so.",
  articlesKnown: "Articles it knows",
  aboutFooter: "/ask · /promises · /help",
  paragraphs: (n) => `${n} paragraphs`,
  helpTitle: "How to use tanya-artikel",
  helpExamples: "Example questions",
  consoleHelpExtra: [
    "`/next` and `/prev` show the next or previous match of the last answer.",
    "`/rate up` or `/rate down` rates the last answer (helpful or not).",
    "`/quit` to leave.",
  ],
  consolePaging: "/next, /prev",
  consoleBanner: [
    "tanya-artikel is running locally (no DISCORD_TOKEN set). Type a question, or /ask, /promises [n], /about, /help; /next and /prev page through an answer; /quit to leave.",
    "To connect to Discord, put DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see README), run npm run register, then npm start.",
  ].join("\n"),
  consoleNothingToPage: "There is no answer to page through yet. Ask a question first.",
  consoleNothingToRate: "There is no answer to rate yet. Ask a question first.",
  consoleRateUsage: "Type /rate up (helpful) or /rate down (not helpful).",
  consoleNoEarlier: "This is the first match: there is no earlier one. Type /next for the next.",
  consoleNoLater: "This is the last match: there is no later one. Type /prev for the previous.",
  consoleOnlyMatch: "This answer has only one match: there is nothing to page through.",
  consoleMaybeText:
    "I am not sure this paragraph answers your question. Other paragraphs are below; type /next to see them.",
  consoleRatingThanks: "Thanks! Your rating is recorded (type /rate again to change it).",
  staleButton: "This button is from an older version of the article. Please ask again with /ask.",
  badButton: "I don't recognise this button. Please ask again with /ask.",
  unknownCommand: (name) => `I don't know the command /${name}. Try /help.`,
  unsupported: "I can't answer this kind of interaction. Try /help.",
  helpful: "Helpful",
  notHelpful: "Not helpful",
  ratingThanks: "Thanks! Your rating is recorded (click again to change it).",
  ratingFailed: "Sorry, your rating could not be saved right now. Please try again later.",
  noTextToAsk: "This message has no text to ask about (only an image or an embed).",
  answeringMessage: (author) => `Answering ${author}'s question`,
  cooldown: (seconds) => `Easy there: you can ask again in ${seconds} seconds.`,
  failed: (id) => `Sorry, something went wrong. Reference: ${id}`,
  shuttingDown: "The bot is restarting. Please try again in a moment.",
};

export function messages(lang: Lang): Messages {
  return lang === "id" ? ID : EN;
}

/** Example questions for /help, in both languages whatever the reply's language. */
export const EXAMPLE_QUESTIONS: Readonly<Record<Lang, readonly string[]>> = {
  id: [
    "Berapa pemimpin teknologi yang ingin dicetak Jack Ma?",
    "Sekolah apa yang ingin dibangun Alibaba di Indonesia?",
  ],
  en: [
    "When is the Double Eleven shopping festival?",
    "What is the trade deficit between Indonesia and China?",
  ],
};
