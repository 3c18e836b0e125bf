import { describe, expect, it } from 'vitest';
import { statementNames } from './prepared.ts';

describe('statementNames', () => {
  it('names a data statement from its second use, with the same name every time after', () => {
    const names = statementNames(10);
    expect(names.nameFor('select * from person where id = $1')).toBeUndefined();
    const name = names.nameFor('select * from person where id = $1');
    expect(name).toBe('s1');
    expect(names.nameFor('select * from person where id = $1')).toBe(name);
    expect(names.nameFor('  WITH x as (select 1) select * from x')).toBeUndefined();
    expect(names.nameFor('  WITH x as (select 1) select * from x')).toBe('s2');
    expect(names.named).toBe(2);
  });

  it('never names DDL or transaction control', () => {
    const names = statementNames(10);
    for (const text of ['begin', 'commit', 'create table t (a int)', 'set local x = 1', 'analyze']) {
      expect(names.nameFor(text)).toBeUndefined();
      expect(names.nameFor(text)).toBeUndefined();
    }
    expect(names.named).toBe(0);
  });

  it('stops naming at its limit, so varying texts cannot grow the statement caches without end', () => {
    const names = statementNames(3);
    for (let n = 1; n <= 10; n += 1) {
      const text = `select * from person where id in (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})`;
      names.nameFor(text);
      names.nameFor(text);
    }
    expect(names.named).toBe(3);
    expect(names.nameFor('select * from person where id in ($1)')).toBe('s1');
    expect(names.nameFor('select 2')).toBeUndefined();
    expect(names.nameFor('select 2')).toBeUndefined();
  });
});
