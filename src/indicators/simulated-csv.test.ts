import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toDay } from './engine/dates.ts';
import { streamAttendance } from './simulated-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'sightline-ind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('streamAttendance', () => {
  it('reads rows with CRLF endings, backslash marks and two-character codes', () => {
    const path = join(dir, 'attendance.csv');
    writeFileSync(
      path,
      'urn,upn,date,session,mark\r\n100001,A123,2024-09-02,AM,/\r\n100001,A123,2024-09-02,PM,\\\r\n100001,B456,2024-12-31,AM,Y1\r\n100001,B456,2025-01-01,PM,O',
    );
    const rows: [string, number, string][] = [];
    streamAttendance(path, (upn, day, mark) => rows.push([upn, day, mark]));
    expect(rows).toEqual([
      ['A123', toDay('2024-09-02'), '/'],
      ['A123', toDay('2024-09-02'), '\\'],
      ['B456', toDay('2024-12-31'), 'Y1'],
      ['B456', toDay('2025-01-01'), 'O'],
    ]);
  });
});
