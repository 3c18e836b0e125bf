/**
 * Server-drawn SVG of the hotspot map (the no-JavaScript fallback and the base of the enhanced map): the
 * fictional demonstration area's districts from the same GeoJSON the browser map uses, with a circle per
 * hotspot place sized by the most children at risk recorded there in one window. Never real towns.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HotspotPoint } from './network.service.ts';

interface AreaFeature {
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}

const AREA_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'web',
  'static',
  'network',
  'area.geojson',
);
const AREA = JSON.parse(readFileSync(AREA_FILE, 'utf8')) as { features: AreaFeature[] };

export interface HotspotSvg {
  readonly width: number;
  readonly height: number;
  readonly districts: readonly { name: string; path: string; labelX: number; labelY: number }[];
  readonly points: readonly {
    id: string;
    label: string;
    cx: number;
    cy: number;
    r: number;
    peakChildren: number;
  }[];
}

/**
 * Projects the area and the hotspot places into a 640 px wide SVG (equirectangular; the area is small).
 *
 * @example
 * const svg = hotspotSvg([{ id, label: 'Late Bites', kind: 'takeaway', latitude: 0.2, longitude: 0.1, peakChildren: 3, windows: 2 }]);
 */
export function hotspotSvg(places: readonly HotspotPoint[]): HotspotSvg {
  const coords = AREA.features.flatMap((f) => f.geometry.coordinates.flat());
  const minX = Math.min(...coords.map((c) => c[0]));
  const maxX = Math.max(...coords.map((c) => c[0]));
  const minY = Math.min(...coords.map((c) => c[1]));
  const maxY = Math.max(...coords.map((c) => c[1]));
  const width = 640;
  const pad = 20;
  const scale = (width - 2 * pad) / (maxX - minX);
  const height = Math.round((maxY - minY) * scale + 2 * pad);
  const px = (x: number): number => Math.round((pad + (x - minX) * scale) * 10) / 10;
  const py = (y: number): number => Math.round((height - pad - (y - minY) * scale) * 10) / 10;
  const districts = AREA.features.map((f) => {
    const ring = f.geometry.coordinates[0] ?? [];
    const path = `${ring.map((c, i) => `${i === 0 ? 'M' : 'L'}${px(c[0])},${py(c[1])}`).join(' ')} Z`;
    const cx = ring.reduce((s, c) => s + c[0], 0) / Math.max(1, ring.length);
    const cy = ring.reduce((s, c) => s + c[1], 0) / Math.max(1, ring.length);
    return { name: f.properties.name, path, labelX: px(cx), labelY: py(cy) };
  });
  const points = places.flatMap((p) =>
    p.latitude === null || p.longitude === null
      ? []
      : [
          {
            id: p.id,
            label: p.label,
            cx: px(p.longitude),
            cy: py(p.latitude),
            r: Math.min(24, 5 + 3 * p.peakChildren),
            peakChildren: p.peakChildren,
          },
        ],
  );
  return { width, height, districts, points };
}
