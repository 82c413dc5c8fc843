/** Number words, Indonesian and English, written as digits so `seribu`, `thousand` and `1.000` meet. */
export const NUMBER_WORDS: Readonly<Record<string, string>> = {
  nol: "0",
  satu: "1",
  dua: "2",
  tiga: "3",
  empat: "4",
  lima: "5",
  enam: "6",
  tujuh: "7",
  delapan: "8",
  sembilan: "9",
  sepuluh: "10",
  sebelas: "11",
  seratus: "100",
  seribu: "1000",
  sejuta: "1000000",
  semiliar: "1000000000",
  zero: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  hundred: "100",
  thousand: "1000",
  million: "1000000",
  billion: "1000000000",
};

/** The digits of a number word (`seribu` -> `1000`), or undefined; never a property every object has. */
export function numberWordDigits(word: string): string | undefined {
  return Object.hasOwn(NUMBER_WORDS, word) ? NUMBER_WORDS[word] : undefined;
}

const GROUPED_THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;

/** `1.000` is a thousand in Indonesian; a decimal comma becomes a point so `8,1` and `8.1` meet. */
export function normalizeNumeral(token: string): string {
  if (GROUPED_THOUSANDS.test(token)) return token.replaceAll(".", "");
  return token.replace(",", ".");
}
