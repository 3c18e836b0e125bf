import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro.ts';
import { nysiis } from './phonetic.ts';

describe('nysiis', () => {
  it('gives the published codes for the reference names', () => {
    expect(nysiis('Bishop')).toBe('BASAP');
    expect(nysiis('Carlson')).toBe('CARLSAN');
    expect(nysiis('Knight')).toBe('NAGT');
    expect(nysiis('Mitchell')).toBe('MATCAL');
    expect(nysiis('Brown')).toBe('BRAN');
  });
  it('gives names that sound alike the same code', () => {
    expect(nysiis('Katherine')).toBe(nysiis('Catherine'));
    expect(nysiis('MacDonald')).toBe(nysiis('McDonald'));
    expect(nysiis('Philips')).toBe(nysiis('Fillips'));
    expect(nysiis('Stephens')).toBe(nysiis('Stevens'));
  });
  it('keeps different names apart and handles empty input', () => {
    expect(nysiis('Jones')).not.toBe(nysiis('Johnson'));
    expect(nysiis('')).toBe('');
    expect(nysiis("O'Neil-3")).toBe(nysiis('ONeil'));
  });
});

describe('jaroWinkler', () => {
  it('matches the textbook values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
  });
  it('is 1 for equal strings, 0 for nothing in common or empty', () => {
    expect(jaroWinkler('ann', 'ann')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });
  it('is symmetric', () => {
    expect(jaroWinkler('jonathon', 'johnathan')).toBeCloseTo(jaroWinkler('johnathan', 'jonathon'), 12);
  });
});
