/**
 * Hotspots: places linked to several children at risk, per time window, with the events that link them.
 */
import type { PoleData } from './types.ts';

export interface HotspotOptions {
  /** Window length in days (default 28). Windows are aligned to the Unix epoch, in UTC. */
  readonly windowDays?: number;
  /** Minimum distinct children at risk in one window (default 2). */
  readonly minChildren?: number;
}

export interface Hotspot {
  readonly locationId: string;
  readonly locationKind: string;
  /** Window start and end (ISO instants, end exclusive). */
  readonly from: string;
  readonly to: string;
  readonly children: readonly string[];
  readonly adultsOfConcern: readonly string[];
  readonly events: readonly string[];
  readonly explanation: string;
}

const DAY_MS = 86_400_000;

/**
 * Places with at least `minChildren` distinct children at risk in the same window, most children first.
 *
 * @example
 * hotspots(data, { windowDays: 28, minChildren: 3 })[0]?.explanation;
 * // "4 children at risk were recorded at this hotel between 2024-01-01 and 2024-01-29 (6 events)..."
 */
export function hotspots(data: PoleData, options: HotspotOptions = {}): Hotspot[] {
  const windowMs = (options.windowDays ?? 28) * DAY_MS;
  const minChildren = options.minChildren ?? 2;
  const person = new Map(data.persons.map((p) => [p.id, p]));
  const place = new Map(data.locations.map((l) => [l.id, l]));
  const cells = new Map<
    string,
    { loc: string; w: number; children: Set<string>; adults: Set<string>; events: Set<string> }
  >();
  for (const ev of data.events) {
    if (ev.locationId === undefined || !place.has(ev.locationId)) continue;
    const at = Date.parse(ev.at);
    if (Number.isNaN(at)) continue;
    const w = Math.floor(at / windowMs);
    const key = `${ev.locationId}\u0000${w}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { loc: ev.locationId, w, children: new Set(), adults: new Set(), events: new Set() };
      cells.set(key, cell);
    }
    let relevant = false;
    for (const p of ev.parties) {
      const who = person.get(p.personId);
      if (who?.kind === 'child' && who.atRisk) {
        cell.children.add(who.id);
        relevant = true;
      } else if (who?.kind === 'adult_of_concern') {
        cell.adults.add(who.id);
      }
    }
    if (relevant) cell.events.add(ev.id);
  }
  const out: Hotspot[] = [];
  for (const cell of cells.values()) {
    if (cell.children.size < minChildren) continue;
    const kind = place.get(cell.loc)!.kind;
    const from = new Date(cell.w * windowMs).toISOString();
    const to = new Date((cell.w + 1) * windowMs).toISOString();
    out.push({
      locationId: cell.loc,
      locationKind: kind,
      from,
      to,
      children: [...cell.children].sort(),
      adultsOfConcern: [...cell.adults].sort(),
      events: [...cell.events].sort(),
      explanation:
        `${cell.children.size} children at risk were recorded at this ${kind} between ${from.slice(0, 10)} and ` +
        `${to.slice(0, 10)} (${cell.events.size} events), with ${cell.adults.size} adults of concern recorded there in the same period.`,
    });
  }
  out.sort((a, b) => b.children.length - a.children.length || b.events.length - a.events.length || cmp(a, b));
  return out;
}

function cmp(a: Hotspot, b: Hotspot): number {
  const ka = `${a.from}${a.locationId}`;
  const kb = `${b.from}${b.locationId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
