/**
 * CSV exports for analysts: possible groups, hotspots and node measures. Every cell goes through the
 * formula-injection guard (a cell starting with = + - @ tab or CR is prefixed with a quote), because
 * labels and ids come from agency records and analysts open these files in spreadsheets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { safeRow } from '../imports/index.ts';
import type { PossibleGroup } from './engine/groups.ts';
import type { Hotspot } from './engine/hotspots.ts';
import type { NodeMeasures } from './engine/measures.ts';

/** Turns records into CSV text with a header row, every cell neutralised. */
export function toSafeCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return stringify([safeRow(columns), ...rows.map((r) => safeRow(r))]);
}

export interface NetworkExport {
  readonly groups: readonly PossibleGroup[];
  readonly hotspots: readonly Hotspot[];
  readonly measures: readonly NodeMeasures[];
  /** Optional display labels by node id (e.g. a person's name for police analysts). */
  readonly labels?: ReadonlyMap<string, string>;
}

/**
 * Writes groups.csv, hotspots.csv and measures.csv to `out`; returns the file names.
 *
 * @example
 * writeNetworkCsv('/tmp/out', { groups, hotspots: spots, measures });
 */
export function writeNetworkCsv(out: string, data: NetworkExport): string[] {
  mkdirSync(out, { recursive: true });
  const label = (id: string): string => data.labels?.get(id) ?? '';
  const names = (ids: readonly string[]): string => ids.map((id) => label(id) || id).join('; ');
  writeFileSync(
    join(out, 'groups.csv'),
    toSafeCsv(
      ['rank', 'score', 'adults', 'children', 'others', 'events', 'places', 'objects', 'explanation'],
      data.groups.map((g) => [
        g.rank,
        g.score,
        names(g.adults),
        names(g.children),
        names(g.others),
        g.evidence.events.join(' '),
        names(g.evidence.locations),
        names(g.evidence.objects),
        g.explanation,
      ]),
    ),
  );
  writeFileSync(
    join(out, 'hotspots.csv'),
    toSafeCsv(
      ['location', 'location_kind', 'from', 'to', 'children', 'adults_of_concern', 'events', 'explanation'],
      data.hotspots.map((h) => [
        label(h.locationId) || h.locationId,
        h.locationKind,
        h.from,
        h.to,
        names(h.children),
        names(h.adultsOfConcern),
        h.events.join(' '),
        h.explanation,
      ]),
    ),
  );
  writeFileSync(
    join(out, 'measures.csv'),
    toSafeCsv(
      [
        'id',
        'label',
        'kind',
        'subtype',
        'degree',
        'betweenness',
        'eigenvector',
        'page_rank',
        'component',
        'community',
        'explanation',
      ],
      data.measures.map((m) => [
        m.id,
        label(m.id),
        m.kind,
        m.subtype,
        m.degree,
        m.betweenness,
        m.eigenvector,
        m.pageRank,
        m.component,
        m.community,
        m.explanation,
      ]),
    ),
  );
  return ['groups.csv', 'hotspots.csv', 'measures.csv'];
}
