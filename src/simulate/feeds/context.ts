// Shared state while writing the agency feeds: output files, the truth record file, recorded identities
// with noise, lazily issued agency identifiers (LA child ids, police person ids) and locations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addressOn, recordIdentity, type RecordedIdentity } from '../noise.ts';
import { NOISE } from '../parameters.ts';
import type { Rng } from '../prng.ts';
import type { Address, Person, World } from '../types.ts';
import { CsvFile } from '../writer.ts';
import { makeAddress } from '../population.ts';

export const TRUTH_RECORD_COLUMNS = ['agency', 'feed', 'record_key', 'person_id', 'cause', 'noise'];

export class FeedContext {
  private readonly files = new Map<string, CsvFile>();
  readonly truth: CsvFile;
  private readonly laIds = new Set<string>();
  private readonly policeIds = new Set<string>();

  constructor(
    readonly w: World,
    readonly out: string,
    readonly rng: Rng,
  ) {
    mkdirSync(join(out, 'truth'), { recursive: true });
    this.truth = new CsvFile(join(out, 'truth', 'records.csv'), TRUTH_RECORD_COLUMNS);
  }

  /** Opens (once) the file `agency/name.csv` with its header. */
  file(agency: string, name: string, columns: readonly string[]): CsvFile {
    const key = `${agency}/${name}`;
    let f = this.files.get(key);
    if (f === undefined) {
      mkdirSync(join(this.out, agency), { recursive: true });
      f = new CsvFile(join(this.out, agency, `${name}.csv`), columns);
      this.files.set(key, f);
    }
    return f;
  }

  /** Where a person lives on a day: their placement while looked after, else the household address. */
  livesAt(p: Person, day: number): Address {
    if (p.lookedAfter && p.placement >= 0 && day >= p.lookedAfterFrom) {
      return this.w.placements[p.placement]!.address;
    }
    return addressOn(this.w.households[p.household]!, day);
  }

  /** The identity an agency records, with its noise. */
  identity(p: Person, day: number, family: string): RecordedIdentity {
    return recordIdentity(
      this.rng,
      p,
      this.w.households[p.household]!,
      this.livesAt(p, day),
      day,
      NOISE[family]!,
    );
  }

  /** Writes one truth row for a person-bearing record. */
  record(
    agency: string,
    feed: string,
    key: string,
    p: Person,
    cause: string,
    noise: readonly string[],
  ): void {
    this.truth.row([agency, feed, key, p.pid, cause, noise.join(';')]);
  }

  /** The person's LA child id, issued on first contact with children's social care. */
  laChildId(p: Person): string {
    if (p.laChildId === '') {
      let id: string;
      do id = `LA${String(this.rng.range(100000, 999999))}`;
      while (this.laIds.has(id));
      this.laIds.add(id);
      p.laChildId = id;
    }
    return p.laChildId;
  }

  /** The person's police national id (PNC-style), issued on first police record for some people. */
  policeId(p: Person, day: number): void {
    if (p.policeId !== '' || !this.rng.chance(0.6)) return;
    let id: string;
    do {
      id = `${String(new Date(day * 86_400_000).getUTCFullYear() % 100).padStart(2, '0')}/${String(this.rng.range(100000, 999999))}${'ABCDEFGHJKLMNPQRTUVWXYZ'[this.rng.int(23)]!}`;
    } while (this.policeIds.has(id));
    this.policeIds.add(id);
    p.policeId = id;
  }

  /** Location columns (kind, name, postcode) for a place index, or a street near the subject. */
  location(
    place: string | number | undefined,
    near: Person | undefined,
    day: number,
  ): [string, string, string] {
    const idx = typeof place === 'number' ? place : -1;
    if (idx >= 0) {
      const pl = this.w.places[idx]!;
      return [pl.kind, `${pl.name}, ${pl.address.line1}`, pl.address.postcode];
    }
    const district =
      near === undefined ? this.rng.int(this.w.inAreaDistricts) : this.livesAt(near, day).district;
    const a = makeAddress(this.rng, district);
    return [
      this.rng.pick(['street', 'street', 'town_centre', 'park', 'shop', 'private_address']),
      a.line1.replace(/^(Flat \d+, )?\d+ /, ''),
      a.postcode.split(' ')[0]!,
    ];
  }

  close(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [k, f] of this.files) {
      f.close();
      counts.set(k, f.rows);
    }
    this.truth.close();
    counts.set('truth/records', this.truth.rows);
    return counts;
  }
}
