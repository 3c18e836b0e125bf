import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.ts';
import { loadDemoPartnership } from '../demo/index.ts';
import { fixedClock } from '../platform/clock/clock.ts';
import { loadConfig } from '../platform/config/config.ts';
import type { App } from '../platform/http/app.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { buildApp } from '../server.ts';

describe('start page and health', () => {
  let t: TestDatabase;
  let app: App;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await loadDemoPartnership(t.db);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database: t,
      logger: createLogger({ level: 'info', destination: sink }),
      clock: fixedClock('2026-11-01T09:00:00Z'),
    });
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it('GET /health reports the database as up', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ status: string; database: { ok: boolean; kind: string } }>();
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.database.kind).toBe(t.kind);
  });

  it('GET /health answers 503 when the database is gone', async () => {
    const other = await createTestDatabase();
    const broken = await buildApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database: other,
      logger: createLogger({ level: 'silent' }),
      clock: fixedClock('2026-11-01T09:00:00Z'),
    });
    await other.dispose();
    const res = await broken.inject({ url: '/health' });
    await broken.close();
    expect(res.statusCode).toBe(503);
    expect(res.json<{ status: string }>().status).toBe('unavailable');
  });

  it('GET / renders the start page with the partnership name and no inline script', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Northmoor Safeguarding Children Partnership');
    expect(res.body).toContain('govuk-generic-header');
    // Every script is external; none carries inline code.
    const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inner] of scripts) {
      expect(attrs).toMatch(/src="/);
      expect(inner?.trim()).toBe('');
    }
  });

  it('writes the layout in Latin-1 only (entities for other characters), so pages stay one-byte strings', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.body).toContain('&ndash; Sightline</title>');
    // A round trip through Latin-1 changes any character beyond it.
    expect(Buffer.from(res.body, 'latin1').toString('latin1')).toBe(res.body);
  });

  it('sends a nonce-based content security policy and other security headers', async () => {
    const res = await app.inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([a-f0-9]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(res.body).toContain(`nonce="${nonce}"`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves GOV.UK Frontend assets locally', async () => {
    const css = await app.inject({ url: '/assets/govuk/govuk-frontend.min.css' });
    expect(css.statusCode).toBe(200);
    const js = await app.inject({ url: '/assets/govuk/govuk-frontend.min.js' });
    expect(js.statusCode).toBe(200);
    const font = await app.inject({ url: '/assets/images/favicon.svg' });
    expect(font.statusCode).toBe(200);
    const traversal = await app.inject({ url: '/assets/govuk/../../package.json' });
    expect(traversal.statusCode).toBe(404);
  });

  it('answers an unknown page with a GOV.UK not-found page, and an unknown API path with JSON', async () => {
    const page = await app.inject({ url: '/no-such-page' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    const api = await app.inject({ url: '/api/v1/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.json<{ error: { code: string; requestId: string } }>().error.code).toBe('not_found');
  });

  it('describes the API with OpenAPI', async () => {
    const res = await app.inject({ url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/health');
  });

  it('logs every request with its request id and without the query string', async () => {
    logLines.length = 0;
    const res = await app.inject({ url: '/?search=Amelia%20Hartwell' });
    await new Promise((r) => setTimeout(r, 50));
    const line = logLines.find((l) => l.includes(res.headers['x-request-id'] as string));
    expect(line).toBeDefined();
    expect(logLines.join('')).not.toContain('Amelia');
  });
});
