import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateRecords } from '../../linkage/index.ts';
import { register } from './link.ts';

function program(): Command {
  const p = new Command('sightline').exitOverride();
  register(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sightline link', () => {
  it('reports malformed rows with their line numbers, skips them and links the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-'));
    const people = generateRecords({ people: 400, seed: 5 });
    const lines = ['ref,first,last,dob,gender,line1,pc,nhs'];
    for (const r of people) {
      const d = r.dateOfBirth?.split('-') ?? [];
      const dob = d.length === 3 ? `${d[2]}/${d[1]}/${d[0]}` : '';
      lines.push(
        [
          r.id,
          r.givenName,
          r.familyName,
          dob,
          r.sex ?? '',
          `"${r.address ?? ''}"`,
          r.postcode ?? '',
          r.identifiers?.nhs_number ?? '',
        ].join(','),
      );
    }
    lines.push(',NoId,Person,01/01/2010,F,,,');
    lines.push('bad-date,Ann,Lee,31/02/2010,F,,,');
    lines.push(`${people[0]!.id},Dup,Licate,01/01/2010,F,,,`);
    const file = join(dir, 'people.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const err: string[] = [];
    const out: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    await program().parseAsync(
      [
        'link',
        '--in',
        file,
        '--map',
        'id=ref,given_name=first,family_name=last,date_of_birth=dob,sex=gender,address=line1,postcode=pc,identifier:nhs_number=nhs',
        '--date-format',
        'DD/MM/YYYY',
        '--out',
        join(dir, 'out'),
        '--workers',
        '0',
        '--json',
      ],
      { from: 'user' },
    );
    const stderr = err.join('');
    expect(stderr).toContain(`line ${people.length + 2}: no id`);
    expect(stderr).toContain(`line ${people.length + 3}: unparseable date of birth`);
    expect(stderr).toContain(`line ${people.length + 4}: duplicate id`);
    const figures = JSON.parse(out.join('')) as { records: number; skippedRows: number };
    expect(figures).toMatchObject({ records: people.length, skippedRows: 3 });
    const clusters = readFileSync(join(dir, 'out', 'clusters.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(clusters[0]).toBe('record_id,cluster_id');
    expect(clusters.length).toBe(people.length + 1);
    expect(readFileSync(join(dir, 'out', 'pairs.csv'), 'utf8')).toMatch(
      /^record_id_l,record_id_r,match_probability,match_weight/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8'))).toHaveProperty('lambda');
  });

  it('fails with a message when the map names a missing column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-'));
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'ref,first\n1,Ann\n');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      program().parseAsync(
        ['link', '--in', file, '--map', 'id=ref,family_name=surname', '--out', join(dir, 'o')],
        { from: 'user' },
      ),
    ).rejects.toThrow(/no column named surname/);
  });
});
