/**
 * Builds the bilingual lexicons the bot translates English questions with, from Debian packages:
 * - `src/search/data/en-id.json` from dict-freedict-eng-ind (FreeDict/WikDict, CC-BY-SA-3.0);
 * - `src/search/data/en-id-wordnet.json` by joining Princeton WordNet 3.0 (wordnet-base) with
 *   Wordnet Bahasa (datasets/lexicons/wordnet-bahasa, MIT) on their shared synset offsets.
 * Run it only to regenerate the committed files: `npm run build:lexicons` (as root it installs the
 * packages with apt-get when missing). Nothing at run time reads the dictionaries or the network.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const DICT = "/usr/share/dictd/freedict-eng-ind.dict.dz";
const OUT = new URL("../src/search/data/en-id.json", import.meta.url);
const WORDNET = "/usr/share/wordnet";
const WORDNET_BAHASA = new URL("../datasets/lexicons/wordnet-bahasa/wn-data-ind.tab", import.meta.url);
const WORDNET_OUT = new URL("../src/search/data/en-id-wordnet.json", import.meta.url);
/** An English word's most frequent senses (WordNet lists them first); rarer ones add noise. */
const SENSES_PER_POS = 2;
const TRANSLATIONS_PER_WORD = 4;

function ensurePackage(file: string, pkg: string): void {
  if (existsSync(file)) return;
  console.error(`${file} is missing: installing ${pkg} with apt-get`);
  execFileSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "inherit" });
}

const HEADER = /^(\S.*?)\s+(?:\/\S.*?\/\s+)*<([^>]+)>$/;
const NUMBERED = /^\d+\.\s+(.+)$/;

/** Each entry: a header `word /pron/ <pos>`, then translation lines (the first, or numbered) and glosses. */
export function parseFreedict(text: string): Map<string, Set<string>> {
  const lexicon = new Map<string, Set<string>>();
  let headword: string | undefined;
  let expectTranslation = false;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      const word = (header[1] as string).toLowerCase();
      headword = /^[a-z]+$/.test(word) ? word : undefined;
      expectTranslation = true;
      continue;
    }
    if (!headword) continue;
    const numbered = NUMBERED.exec(line);
    if (!expectTranslation && !numbered) continue;
    expectTranslation = false;
    const translations = (numbered ? (numbered[1] as string) : line).replace(/\s+\d+\.$/, "");
    for (const raw of translations.split(",")) {
      const translation = raw.trim().toLowerCase();
      if (!translation || translation.split(/\s+/).length > 3 || /[^\p{L}\s'-]/u.test(translation)) continue;
      const set = lexicon.get(headword) ?? new Set<string>();
      set.add(translation);
      lexicon.set(headword, set);
    }
  }
  return lexicon;
}

/** Indonesian lemmas by synset (`00001740-a`); WordNet's adjective satellites (`s`) count as `a`. */
function readWordnetBahasa(): Map<string, string[]> {
  const bySynset = new Map<string, string[]>();
  for (const line of readFileSync(WORDNET_BAHASA, "utf8").split("\n")) {
    const [synset, kind, lemma] = line.split("\t");
    if (kind !== "ind:lemma" || !synset || !lemma) continue;
    const word = lemma.trim().toLowerCase();
    if (word.split(/\s+/).length > 3 || /[^\p{L}\s-]/u.test(word)) continue;
    bySynset.set(synset, [...(bySynset.get(synset) ?? []), word]);
  }
  return bySynset;
}

/**
 * English word -> Indonesian words: each English lemma's first senses (WordNet's index files list
 * them most frequent first), joined to Wordnet Bahasa's lemmas of the same synsets. Irregular forms
 * (`seen`, `children`) get their lemma's translations, from WordNet's exception lists.
 */
export function joinWordnets(
  indexes: Record<string, string>,
  exceptions: readonly string[],
  bahasa: Map<string, string[]>,
): Map<string, string[]> {
  const lexicon = new Map<string, string[]>();
  for (const [pos, text] of Object.entries(indexes)) {
    const key = pos === "s" ? "a" : pos;
    for (const line of text.split("\n")) {
      if (line.startsWith(" ") || !line.trim()) continue;
      const fields = line.trim().split(/\s+/);
      const lemma = fields[0] as string;
      if (!/^[a-z]+$/.test(lemma)) continue;
      const offsets = fields.filter((f) => /^\d{8}$/.test(f)).slice(0, SENSES_PER_POS);
      const found = lexicon.get(lemma) ?? [];
      for (const offset of offsets) {
        for (const word of bahasa.get(`${offset}-${key}`) ?? []) if (!found.includes(word)) found.push(word);
      }
      if (found.length > 0) lexicon.set(lemma, found);
    }
  }
  for (const text of exceptions) {
    for (const line of text.split("\n")) {
      const [form, lemma] = line.trim().split(/\s+/);
      if (!form || !lemma || !/^[a-z]+$/.test(form) || lexicon.has(form)) continue;
      const translations = lexicon.get(lemma);
      if (translations) lexicon.set(form, translations);
    }
  }
  for (const [word, translations] of lexicon) lexicon.set(word, translations.slice(0, TRANSLATIONS_PER_WORD));
  return lexicon;
}

function writeLexicon(out: URL, lexicon: Map<string, Iterable<string>>): number {
  const sorted = Object.fromEntries(
    [...lexicon].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v]]),
  );
  writeFileSync(out, `${JSON.stringify(sorted, null, 0).replace(/\],"/g, '],\n"')}\n`);
  return Object.keys(sorted).length;
}

function buildWordnetLexicon(): void {
  ensurePackage(`${WORDNET}/index.noun`, "wordnet-base");
  const read = (name: string): string => readFileSync(`${WORDNET}/${name}`, "latin1");
  const indexes = {
    n: read("index.noun"),
    v: read("index.verb"),
    a: read("index.adj"),
    r: read("index.adv"),
  };
  const exceptions = ["noun.exc", "verb.exc", "adj.exc", "adv.exc"].map(read);
  const count = writeLexicon(WORDNET_OUT, joinWordnets(indexes, exceptions, readWordnetBahasa()));
  console.error(`wrote ${count} English headwords to ${WORDNET_OUT.pathname}`);
}

function main(): void {
  // `npm run build:lexicons -- wordnet` (or `freedict`) rebuilds one; Debian's FreeDict edition
  // changes the headword count, so rebuild it only on purpose.
  const only = process.argv[2];
  if (only !== "freedict") buildWordnetLexicon();
  if (only === "wordnet") return;
  ensurePackage(DICT, "dict-freedict-eng-ind");
  const text = gunzipSync(readFileSync(DICT)).toString("utf8");
  const lexicon = parseFreedict(text);
  console.error(`wrote ${writeLexicon(OUT, lexicon)} English headwords to ${OUT.pathname}`);
}

main();
