/**
 * Builds the bilingual lexicon `src/search/data/en-id.json` from Debian's dict-freedict-eng-ind
 * (FreeDict/WikDict English-Indonesian, CC-BY-SA-3.0). Run it only to regenerate the committed
 * file: `npm run build:lexicons` (as root it installs the package with apt-get when missing).
 * Nothing at run time reads the dictionary or the network.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const DICT = "/usr/share/dictd/freedict-eng-ind.dict.dz";
const OUT = new URL("../src/search/data/en-id.json", import.meta.url);

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

function main(): void {
  ensurePackage(DICT, "dict-freedict-eng-ind");
  const text = gunzipSync(readFileSync(DICT)).toString("utf8");
  const lexicon = parseFreedict(text);
  const sorted = Object.fromEntries(
    [...lexicon].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v]]),
  );
  writeFileSync(OUT, `${JSON.stringify(sorted, null, 0).replace(/\],"/g, '],\n"')}\n`);
  console.error(`wrote ${Object.keys(sorted).length} English headwords to ${OUT.pathname}`);
}

main();
