/**
 * Server-rendered SVG charts in the Analysis Function style: horizontal bars for categories, lines for
 * months, one accessible colour palette, direct labels, a title and description for screen readers
 * (`role="img"`, `aria-labelledby`), and always the data table beside it. Suppressed cells are drawn
 * as gaps and labelled "c". Pure string building; every text is escaped.
 */
import type { PublishedTable } from './disclosure/index.ts';

const PALETTE = ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'];
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The SVG of a published table (interior cells only; totals stay in the table).
 *
 * @example
 * chartSvg('t1', published, 'line', 'Missing episodes by month');
 */
export function chartSvg(id: string, t: PublishedTable, kind: 'line' | 'bar', title: string): string {
  const dims = t.dimensions;
  const rows = dims[0]!.labels.slice(0, -1);
  const series = dims.length > 1 ? dims[1]!.labels.slice(0, -1) : ['Count'];
  const cols = t.shape[1] ?? 1;
  const value = (r: number, s: number): number | null =>
    dims.length > 1 ? t.cells[r * cols + s]!.value : t.cells[r]!.value;
  const values = rows.flatMap((_, r) => series.map((__, s) => value(r, s) ?? 0));
  const max = Math.max(1, ...values);
  const desc = `${kind === 'line' ? 'Line' : 'Bar'} chart of ${title}. Suppressed counts are not drawn. The table below gives every figure.`;
  const head = (w: number, h: number): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${w} ${h}" width="100%" font-family="&quot;GDS Transport&quot;, arial, sans-serif" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>`;
  // The legend wraps at four keys a row; each extra row pushes the plot down by `extra`.
  const PER_ROW = 4;
  const extra = series.length > 1 ? (Math.ceil(series.length / PER_ROW) - 1) * 20 : 0;
  const legend =
    series.length > 1
      ? series
          .map((s, i) => {
            const x = 10 + (i % PER_ROW) * 170;
            const y = 4 + Math.floor(i / PER_ROW) * 20;
            return `<rect x="${x}" y="${y}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"></rect><text x="${x + 18}" y="${y + 11}" font-size="13" fill="#0b0c0c">${esc(s)}</text>`;
          })
          .join('')
      : '';
  if (kind === 'bar') {
    const barH = Math.max(10, Math.floor(22 / series.length));
    const rowH = barH * series.length + 10;
    const h = 28 + extra + rows.length * rowH;
    const left = 200;
    const width = 420;
    let out = head(680, h) + legend;
    rows.forEach((label, r) => {
      const y0 = 26 + extra + r * rowH;
      out += `<text x="${left - 8}" y="${y0 + (rowH - 10) / 2 + 5}" text-anchor="end" font-size="13" fill="#0b0c0c">${esc(label)}</text>`;
      series.forEach((_, s) => {
        const v = value(r, s);
        const w = v === null ? 0 : Math.round((v / max) * width);
        const y = y0 + s * barH;
        out += `<rect x="${left}" y="${y}" width="${w}" height="${barH - 2}" fill="${PALETTE[s % PALETTE.length]}"></rect>`;
        out += `<text x="${left + w + 6}" y="${y + barH - 4}" font-size="12" fill="#0b0c0c">${v === null ? 'c' : v}</text>`;
      });
    });
    return `${out}</svg>`;
  }
  const w = 680;
  const h = 260 + extra;
  const left = 44;
  const bottom = 220 + extra;
  const plotW = w - left - 20;
  const x = (r: number): number => left + (rows.length <= 1 ? plotW / 2 : (r * plotW) / (rows.length - 1));
  const y = (v: number): number => bottom - (v / max) * 180;
  let out = head(w, h) + legend;
  out += `<line x1="${left}" y1="${bottom}" x2="${w - 20}" y2="${bottom}" stroke="#505a5f"></line>`;
  out += `<text x="${left - 6}" y="${y(max) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${max}</text><text x="${left - 6}" y="${bottom + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">0</text>`;
  rows.forEach((label, r) => {
    if (rows.length <= 12 || r % 3 === 0) {
      out += `<text x="${x(r)}" y="${bottom + 18}" text-anchor="middle" font-size="11" fill="#0b0c0c">${esc(label)}</text>`;
    }
  });
  series.forEach((_, s) => {
    let d = '';
    rows.forEach((__, r) => {
      const v = value(r, s);
      if (v === null) return void (d += ' ');
      d += `${d === '' || d.endsWith(' ') ? 'M' : 'L'}${x(r).toFixed(1)},${y(v).toFixed(1)}`;
    });
    const path = d.trim().replace(/ +/g, ' ');
    if (path !== '') {
      out += `<path d="${path}" fill="none" stroke="${PALETTE[s % PALETTE.length]}" stroke-width="3"></path>`;
    }
  });
  return `${out}</svg>`;
}
