// Explanations: the weight each comparison added to a pair's score, so a reviewer sees why two records were
// (or were not) linked. Prior + sum of terms = match weight.
import { COMPARISONS, C_FAMILY, C_GIVEN, comparePair, levelOf } from './compare.ts';
import type { PreparedTable } from './prepare.ts';
import { levelWeights, priorWeight, weightToProbability, type TfTables } from './score.ts';
import type { Explanation, ExplanationTerm, LinkageModel } from './types.ts';

function shown(t: PreparedTable, row: number, c: number): string {
  const s = t.pool;
  const col = t.cols;
  switch (c) {
    case 0:
      return s.get(col.givenFull.data[row]!);
    case 1:
      return s.get(col.familyFull.data[row]!);
    case 2: {
      const d = col.dob.data[row]!;
      return d === 0
        ? ''
        : `${Math.floor(d / 10000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;
    }
    case 3:
      return ['', 'male', 'female'][col.sex.data[row]!] ?? '';
    case 4: {
      const toks: string[] = [];
      for (let x = col.addrOff.data[row]!; x < col.addrOff.data[row + 1]!; x++) {
        toks.push(s.get(t.addrTok.data[x]!));
      }
      const postcode = col.pcFull.data[row]! >= 0 ? col.pcFull.data[row]! : col.pcDistrict.data[row]!;
      return [toks.join(' '), s.get(postcode)].filter((x) => x !== '').join(', ');
    }
    case 5:
      return col.phone.data[row]! >= 0 ? 'present' : '';
    default: {
      const ids: string[] = [];
      for (let x = col.idOff.data[row]!; x < col.idOff.data[row + 1]!; x++) {
        ids.push(s.get(t.idScheme.data[x]!));
      }
      return ids.join(' ');
    }
  }
}

/**
 * Explains the score of row i of table l against row j of table r.
 *
 * @example
 * explainPair(model, t, 0, t, 1).terms.map((x) => `${x.comparison}: ${x.level} ${x.weight.toFixed(1)}`);
 */
export function explainPair(
  model: LinkageModel,
  l: PreparedTable,
  i: number,
  r: PreparedTable,
  j: number,
  tf?: TfTables,
): Explanation {
  const pattern = comparePair(l, i, r, j);
  const weights = levelWeights(model);
  const prior = priorWeight(model);
  const terms: ExplanationTerm[] = COMPARISONS.map((c, k) => {
    const level = levelOf(pattern, k);
    let tfAdjustment = 0;
    if (tf !== undefined && level === 1 && k === C_GIVEN) {
      tfAdjustment = tf.given[l.cols.givenMain.data[i]!] ?? 0;
    }
    if (tf !== undefined && level === 1 && k === C_FAMILY) {
      tfAdjustment = tf.family[l.cols.familyFull.data[i]!] ?? 0;
    }
    return {
      comparison: c.name,
      level: c.levels[level] ?? '?',
      weight: weights[k]![level]!,
      tfAdjustment,
      left: shown(l, i, k),
      right: shown(r, j, k),
    };
  });
  const matchWeight = terms.reduce((a, x) => a + x.weight + x.tfAdjustment, prior);
  return { priorWeight: prior, terms, matchWeight, matchProbability: weightToProbability(matchWeight) };
}
