import { describe, expect, it } from 'vitest';
import { checkLanguage, hasVictimBlamingLanguage } from './check.ts';

const ids = (text: string): string[] => checkLanguage(text).map((f) => f.ruleId);

describe('checkLanguage: putting themselves at risk', () => {
  it('flags "putting herself at risk"', () => {
    expect(ids('She keeps putting herself at risk.')).toEqual(['putting-self-at-risk']);
  });
  it('flags "puts himself at risk"', () => {
    expect(ids('He puts himself at risk most weekends')).toEqual(['putting-self-at-risk']);
  });
  it('flags "placing themselves in danger"', () => {
    expect(ids('They are placing themselves in danger')).toEqual(['putting-self-at-risk']);
  });
  it('flags "put themself in risky situations"', () => {
    expect(ids('has put themself in risky situations')).toEqual(['putting-self-at-risk']);
  });
  it('flags the curly apostrophe in "harm’s way"', () => {
    expect(ids('placing herself in harm’s way')).toEqual(['putting-self-at-risk']);
  });
  it('is case-insensitive', () => {
    expect(ids('PUTTING HERSELF AT RISK')).toEqual(['putting-self-at-risk']);
  });
  it('does not flag adults placing the child at risk', () => {
    expect(ids('Adults are placing her at risk of sexual exploitation.')).toEqual([]);
  });
  it('gives the span, phrase, reason and suggestions', () => {
    const [f] = checkLanguage('Concern: Amy is putting herself at risk.');
    expect(f).toMatchObject({ start: 16, end: 39, phrase: 'putting herself at risk', severity: 'warning' });
    expect(f!.why).toMatch(/adults who exploit/);
    expect(f!.suggestions).toContain('is at risk of sexual exploitation');
  });
});

describe('checkLanguage: consent', () => {
  it('flags "consensual"', () => {
    expect(ids('the relationship appeared consensual')).toEqual(['consensual']);
  });
  it('does not flag "non-consensual"', () => {
    expect(ids('This was non-consensual sexual contact.')).toEqual([]);
  });
  it('does not flag "non consensual" or "nonconsensual"', () => {
    expect(ids('non consensual; nonconsensual')).toEqual([]);
  });
  it('does not flag "not consensual"', () => {
    expect(ids('It was not consensual.')).toEqual([]);
  });
  it('flags "consented"', () => {
    expect(ids('She says she consented.')).toEqual(['consented']);
  });
  it('flags "gave her consent"', () => {
    expect(ids('she gave her consent to go to the flat')).toEqual(['consented']);
  });
  it('flags "willing participant"', () => {
    expect(ids('described as a willing participant')).toEqual(['consented']);
  });
  it('does not flag "consent was not possible"', () => {
    expect(ids('Consent was not possible: she is 14.')).toEqual([]);
  });
  it('does not flag "could not have consented"', () => {
    expect(ids('At 13 she could not have consented.')).toEqual([]);
  });
  it('does not flag "did not consent"', () => {
    expect(ids('She did not consent to any of it.')).toEqual([]);
  });
  it('does not flag "age of consent"', () => {
    expect(ids('He is under the age of consent.')).toEqual([]);
  });
  it('does not flag consent to share information or to a referral', () => {
    expect(ids('Mother gave consent to share information with health.')).toEqual([]);
    expect(ids('Sam consented to the referral to the ISVA.')).toEqual([]);
  });
});

describe('checkLanguage: judgemental labels', () => {
  it('flags "promiscuous"', () => {
    expect(ids('Known to be promiscuous.')).toEqual(['promiscuous']);
  });
  it('flags "promiscuity"', () => {
    expect(ids('concerns about promiscuity')).toEqual(['promiscuous']);
  });
  it('flags "child prostitute" as one phrase', () => {
    expect(checkLanguage('a child prostitute').map((f) => f.phrase)).toEqual(['child prostitute']);
  });
  it('flags "prostituting herself"', () => {
    expect(checkLanguage('she is prostituting herself').map((f) => f.phrase)).toEqual([
      'prostituting herself',
    ]);
  });
  it('flags "selling sex"', () => {
    expect(ids('believed to be selling sex')).toEqual(['prostitution']);
  });
  it('flags "exchanging sex for" drugs', () => {
    expect(ids('exchanging sex for cannabis')).toEqual(['exchanging-sex']);
  });
  it('flags "swaps sexual favours for"', () => {
    expect(ids('swaps sexual favours for lifts')).toEqual(['exchanging-sex']);
  });
  it('flags "lifestyle choice"', () => {
    expect(ids('This is a lifestyle choice.')).toEqual(['lifestyle-choice']);
  });
  it('flags "chosen this lifestyle"', () => {
    expect(ids('she has chosen this lifestyle')).toEqual(['lifestyle-choice']);
  });
  it('flags "risk-taking behaviour" and "risky behaviours"', () => {
    expect(ids('risk-taking behaviour and risky behaviours')).toEqual(['risk-taking', 'risk-taking']);
  });
  it('flags "risk taking behavior" (US spelling, no hyphen)', () => {
    expect(ids('risk taking behavior')).toEqual(['risk-taking']);
  });
  it('flags "knows what she is doing"', () => {
    expect(ids("Staff feel she knows what she's doing")).toEqual(['knows-what-doing']);
  });
  it('flags "streetwise"', () => {
    expect(ids('very street-wise')).toEqual(['knows-what-doing']);
  });
});

describe('checkLanguage: sexual activity', () => {
  it('flags "sleeping with older men"', () => {
    expect(ids('She is sleeping with older men')).toEqual(['sleeping-with']);
  });
  it('flags "slept with him"', () => {
    expect(ids('she slept with him at the flat')).toEqual(['sleeping-with']);
  });
  it('does not flag "sleeping with the light on"', () => {
    expect(ids('She has been sleeping with the light on since')).toEqual([]);
  });
  it('flags "sexually active" gently', () => {
    expect(checkLanguage('He is sexually active.')[0]).toMatchObject({
      ruleId: 'sexually-active',
      severity: 'gentle',
    });
  });
  it('does not flag "not sexually active"', () => {
    expect(ids('She reports she is not sexually active.')).toEqual([]);
  });
});

describe('checkLanguage: boyfriend', () => {
  it('gently flags a "boyfriend" who is an adult by age', () => {
    expect(checkLanguage('Her boyfriend, aged 24, collects her from school.')[0]).toMatchObject({
      ruleId: 'boyfriend-adult',
      phrase: 'boyfriend',
      severity: 'gentle',
    });
  });
  it('flags "older boyfriend"', () => {
    expect(ids('She talks about an older boyfriend.')).toEqual(['boyfriend-adult']);
  });
  it('flags "19-year-old boyfriend"', () => {
    expect(ids('her 19-year-old boyfriend')).toEqual(['boyfriend-adult']);
  });
  it('flags "boyfriend (22)"', () => {
    expect(ids('boyfriend (22) has a car')).toEqual(['boyfriend-adult']);
  });
  it('does not flag a boyfriend the same age', () => {
    expect(ids('Her boyfriend is in Year 10 at the same school.')).toEqual([]);
  });
  it('judges adult context only within the same sentence', () => {
    expect(ids('Mum is an adult carer. Her boyfriend is 15.')).toEqual([]);
  });
});

describe('checkLanguage: overall', () => {
  it('returns nothing for victim-centred wording', () => {
    expect(
      ids('Jade is being sexually exploited by adults who give her alcohol. Consent was not possible.'),
    ).toEqual([]);
  });
  it('reports several findings in text order', () => {
    const found = checkLanguage('Consensual, she says. Putting herself at risk; promiscuous.');
    expect(found.map((f) => f.ruleId)).toEqual(['consensual', 'putting-self-at-risk', 'promiscuous']);
    expect(found.every((f, i, all) => i === 0 || all[i - 1]!.end <= f.start)).toBe(true);
  });
  it('does not match inside other words', () => {
    expect(ids('unpromiscuousness? prostitutes')).toEqual(['prostitution']);
    expect(ids('misconsentedly')).toEqual([]);
  });
  it('hasVictimBlamingLanguage answers yes or no', () => {
    expect(hasVictimBlamingLanguage('lifestyle choice')).toBe(true);
    expect(hasVictimBlamingLanguage('at risk of sexual exploitation')).toBe(false);
  });
  it('span slices back to the phrase', () => {
    const text = 'Notes: he was described as Promiscuous by staff.';
    const [f] = checkLanguage(text);
    expect(text.slice(f!.start, f!.end)).toBe('Promiscuous');
  });
});
