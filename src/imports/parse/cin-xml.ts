/**
 * Reads the DfE Children in Need census XML (Message/Children/Child with ChildIdentifiers,
 * ChildCharacteristics and CINdetails/Assessments/AssessmentFactors) into one flat record per referral
 * (CINdetails), so the `cin_census` feed validates and maps it like any CSV row. A small tag reader, not
 * a general XML parser: the census schema has no attributes, mixed content or namespaces that matter.
 */
import type { SourceRecord } from './source.ts';

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function first(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m === null ? '' : decode(m[1] ?? '');
}

function all(xml: string, tag: string): { text: string; index: number }[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => ({ text: m[1] ?? '', index: m.index }));
}

const GENDER: Record<string, string> = { '1': 'M', '2': 'F', '0': 'U', '9': 'U', M: 'M', F: 'F', U: 'U' };

/**
 * Parses a CIN census XML document into referral records.
 *
 * @example
 * parseCinXml('<Message><Children><Child>…</Child></Children></Message>');
 */
export function parseCinXml(xml: string): SourceRecord[] {
  const out: SourceRecord[] = [];
  const lineAt = (index: number): number => {
    let line = 1;
    for (let i = xml.indexOf('\n'); i >= 0 && i < index; i = xml.indexOf('\n', i + 1)) line++;
    return line;
  };
  for (const child of all(xml, 'Child')) {
    const ids = first(child.text, 'ChildIdentifiers');
    const chars = first(child.text, 'ChildCharacteristics');
    const gender = first(ids, 'GenderCurrent') || first(ids, 'Sex');
    const base = {
      la_child_id: first(ids, 'LAchildID'),
      upn: first(ids, 'UPN'),
      date_of_birth: first(ids, 'PersonBirthDate'),
      sex: GENDER[gender] ?? gender,
      ethnicity: first(chars, 'Ethnicity'),
    };
    const details = all(child.text, 'CINdetails');
    if (details.length === 0) {
      out.push({ line: lineAt(child.index), values: { ...base, referral_date: '' } });
      continue;
    }
    for (const d of details) {
      const assessments = all(d.text, 'Assessments');
      const a = assessments[0]?.text ?? '';
      const factors = all(a, 'AssessmentFactor').map((f) => decode(f.text));
      out.push({
        line: lineAt(child.index + d.index),
        values: {
          ...base,
          referral_date: first(d.text, 'CINreferralDate'),
          referral_source: first(d.text, 'ReferralSource'),
          primary_need: first(d.text, 'PrimaryNeedCode'),
          no_further_action:
            first(d.text, 'ReferralNFA') === '1' || first(d.text, 'ReferralNFA') === 'true' ? 'Y' : 'N',
          assessment_start: first(a, 'AssessmentActualStartDate'),
          assessment_authorised: first(a, 'AssessmentAuthorisationDate'),
          factors: factors.join(','),
        },
      });
    }
  }
  return out;
}
