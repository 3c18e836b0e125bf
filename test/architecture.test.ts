/**
 * Architecture rules that lint cannot express simply (STYLE.md §12):
 * - a module imports another module only through its index.ts;
 * - engines import nothing from platform/database, web or HTTP libraries.
 * What this cannot catch: imports built at run time. The runtime access checks stay authoritative.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '').filter((s) => s.startsWith('.'));
}

function moduleOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

// The composition root, the CLI and platform may reach inside modules' public files only through index.ts too,
// except for these deliberate, documented entry points.
const SHARED_ENTRY_POINTS = new Set(['platform', 'server.ts']);
// Shared vocabularies that pure engines read without pulling in a module's services.
const SHARED_VOCABULARIES = new Set(['events/event-types.ts']);

describe('module boundaries', () => {
  const files = walk(SRC).filter((f) => !f.endsWith('.test.ts'));

  it('imports other modules only through their index.ts', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = moduleOf(file);
      for (const spec of importsOf(file)) {
        const target = resolve(dirname(file), spec);
        const to = moduleOf(target);
        if (to === undefined || to === from || SHARED_ENTRY_POINTS.has(to)) continue;
        const inside = relative(join(SRC, to), target);
        const relTarget = relative(SRC, target).split(sep).join('/');
        if (inside !== 'index.ts' && !SHARED_VOCABULARIES.has(relTarget)) {
          violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps engines pure: no database, web or HTTP imports', () => {
    const engineDirs = [
      'linkage/engine',
      'indicators/engine',
      'network/engine',
      'screening/engine',
      'reports/disclosure',
      'simulate',
    ];
    const banned = /(platform\/database|\/web\/|^fastify|^@fastify|^kysely$|^pg$|^@electric-sql\/pglite)/;
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file).split(sep).join('/');
      if (!engineDirs.some((d) => rel.startsWith(`${d}/`))) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const spec = m[1] ?? '';
        const resolved = spec.startsWith('.')
          ? relative(SRC, resolve(dirname(file), spec))
              .split(sep)
              .join('/')
          : spec;
        if (banned.test(resolved)) violations.push(`${rel} -> ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
