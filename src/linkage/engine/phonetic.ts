// NYSIIS (New York State Identification and Intelligence System) phonetic code, written from the published
// rules (Taft, 1970) without truncation. It keys names that sound alike: "Macdonald"/"McDonald", "Katherine"/
// "Catherine", "Philips"/"Fillips".

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

function isVowel(c: string | undefined): boolean {
  return c !== undefined && VOWELS.has(c);
}

/**
 * The NYSIIS code of a name (letters only are kept; empty input gives `''`).
 *
 * @example
 * nysiis('Catherine') === nysiis('Katherine'); // true ('CATARAN')
 */
export function nysiis(name: string): string {
  let s = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (s.length === 0) return '';
  if (s.startsWith('MAC')) s = `MCC${s.slice(3)}`;
  else if (s.startsWith('KN')) s = `NN${s.slice(2)}`;
  else if (s.startsWith('K')) s = `C${s.slice(1)}`;
  else if (s.startsWith('PH') || s.startsWith('PF')) s = `FF${s.slice(2)}`;
  else if (s.startsWith('SCH')) s = `SSS${s.slice(3)}`;
  if (s.endsWith('EE') || s.endsWith('IE')) s = `${s.slice(0, -2)}Y`;
  else if (/(DT|RT|RD|NT|ND)$/.test(s)) s = `${s.slice(0, -2)}D`;
  const chars = s.split('');
  let key = chars[0]!;
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    if (c === 'E' && next === 'V') {
      chars[i] = 'A';
      chars[i + 1] = 'F';
    } else if (isVowel(c)) chars[i] = 'A';
    else if (c === 'Q') chars[i] = 'G';
    else if (c === 'Z') chars[i] = 'S';
    else if (c === 'M') chars[i] = 'N';
    else if (c === 'K') {
      if (next === 'N') chars[i] = 'N';
      else chars[i] = 'C';
    } else if (c === 'S' && next === 'C' && chars[i + 2] === 'H') {
      chars[i] = 'S';
      chars[i + 1] = 'S';
      chars[i + 2] = 'S';
    } else if (c === 'P' && next === 'H') {
      chars[i] = 'F';
      chars[i + 1] = 'F';
    } else if (c === 'H' && (!isVowel(chars[i - 1]) || (next !== undefined && !isVowel(next)))) {
      chars[i] = chars[i - 1]!;
    } else if (c === 'W' && isVowel(chars[i - 1])) chars[i] = chars[i - 1]!;
    const out = chars[i]!;
    if (out !== key[key.length - 1]) key += out;
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}
