/**
 * True when `b` is `a` with one typo: a letter added, dropped, changed or two neighbours swapped
 * (`sekolh`/`sekolah`, `singels`/`singles`). Words of four letters or fewer only count an added or
 * dropped letter with the same first letter (`jak`/`jack`), since one changed letter turns a short
 * word into another word (`kita`/`kota`).
 */
export function isOneTypoAway(a: string, b: string): boolean {
  if (a === b) return false;
  const short = Math.min(a.length, b.length) <= 4;
  if (short && (a.length === b.length || a[0] !== b[0] || Math.min(a.length, b.length) < 3)) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i += 1) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs as [number, number];
    return diffs.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i += 1;
  return shorter.slice(i) === longer.slice(i + 1);
}
