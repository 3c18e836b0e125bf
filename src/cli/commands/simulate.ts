// `sightline simulate`: writes a synthetic partnership (agency feeds with identity noise, exploitation
// scenarios and ground truth) to a folder. Deterministic: the same arguments give byte-identical files.
import type { Command } from 'commander';
import { PARAMETERS, PROFILES, simulate, type ProfileName } from '../../simulate/index.ts';

interface Options {
  seed: string;
  children?: string;
  out?: string;
  start: string;
  months?: string;
  profile: string;
  json: boolean;
  parameters: boolean;
}

function whole(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got "${value}")`);
  return n;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'Write a synthetic partnership: agency feeds with realistic noise, exploitation scenarios and ground truth',
    )
    .option('--seed <n>', 'random seed (same seed and arguments give byte-identical files)', '1')
    .option('--children <n>', 'number of children aged 0-17 (default: from the profile)')
    .option('--out <dir>', 'folder to write agency feeds and truth/ into')
    .option('--start <date>', 'first day, YYYY-MM-DD', '2024-09-02')
    .option('--months <m>', 'length of the simulated period in months (default: from the profile)')
    .option('--profile <name>', `parameter profile: ${Object.keys(PROFILES).join(', ')}`, 'small')
    .option('--json', 'print the summary as JSON', false)
    .option('--parameters', 'print every parameter with its source as JSON and exit', false)
    .action((o: Options) => {
      if (o.parameters) {
        process.stdout.write(`${JSON.stringify({ parameters: PARAMETERS, profiles: PROFILES }, null, 2)}\n`);
        return;
      }
      if (o.out === undefined) throw new Error('Give --out DIR');
      if (!Object.hasOwn(PROFILES, o.profile)) {
        throw new Error(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.start)) throw new Error('--start must be YYYY-MM-DD');
      const started = Date.now();
      const summary = simulate({
        seed: whole('seed', o.seed),
        out: o.out,
        profile: o.profile as ProfileName,
        start: o.start,
        ...(o.children !== undefined ? { children: whole('children', o.children) } : {}),
        ...(o.months !== undefined ? { months: whole('months', o.months) } : {}),
        progress: (m) => process.stderr.write(`simulate: ${m}\n`),
      });
      const seconds = (Date.now() - started) / 1000;
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `children ${summary.children}\nadults ${summary.adults}\nvictims ${summary.victims}\nrecognised_victims ${summary.recognisedVictims}\ngroups ${summary.groups}\nattendance_marks ${summary.attendance.marks}\ntotal_rows ${summary.totalRows}\nseconds ${seconds.toFixed(1)}\n`,
      );
    });
}
