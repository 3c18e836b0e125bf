import { describe, expect, it } from 'vitest';
import { chartSvg } from './charts.ts';
import { protectTable } from './disclosure/index.ts';

const months = ['2025-01', '2025-02', '2025-03'];
const agencies = ['Police', "Children's social care", 'Education', 'Health', 'Voluntary', 'Youth justice'];

describe('charts', () => {
  it('are images named by a title and a description, with every text escaped', () => {
    const t = protectTable({
      name: 't',
      dimensions: [{ name: 'Kind', categories: ['<b>x</b>', 'y'] }],
      counts: [40, 3],
    });
    const svg = chartSvg('c1', t, 'bar', 'Kinds & more');
    expect(svg).toContain('role="img" aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Kinds &amp; more</title>');
    expect(svg).toMatch(/<desc id="c1-desc">Bar chart of Kinds &amp; more\./);
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).toMatch(/>c<\/text>/); // the suppressed 3 is labelled c, not drawn
  });

  it('wrap a legend of six series inside the drawing, pushing the plot down', () => {
    const t = protectTable({
      name: 't',
      dimensions: [
        { name: 'Month', categories: months },
        { name: 'Agency', categories: agencies },
      ],
      counts: months.flatMap(() => agencies.map(() => 20)),
    });
    const svg = chartSvg('c2', t, 'line', 'Concerns');
    const width = Number(/viewBox="0 0 (\d+) (\d+)"/.exec(svg)![1]);
    const keys = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="12"/g)];
    expect(keys).toHaveLength(6);
    for (const k of keys) expect(Number(k[1]) + 170).toBeLessThanOrEqual(width + 10);
    expect(new Set(keys.map((k) => k[2])).size).toBe(2);
    for (const a of agencies) expect(svg).toContain(`>${a}</text>`);
  });
});
