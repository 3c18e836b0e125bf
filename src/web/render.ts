/**
 * Server-side rendering with Nunjucks on GOV.UK Frontend and MoJ Frontend. Templates are looked up in
 * src/web/views, then in module folders (`people/views/list.njk`), then in the design systems' packages.
 * Autoescaping is on: user text can never become markup.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const SRC_DIR = join(here, '..');
export const GOVUK_FRONTEND_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ_FRONTEND_DIR = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

export type Renderer = (template: string, context: Record<string, unknown>) => string;

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const DATE_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value !== '') {
    const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/**
 * Builds the renderer used by every page.
 *
 * @example
 * const render = createRenderer();
 * render('pages/start.njk', { serviceName: 'Sightline' });
 */
const NUMBER_FORMAT = new Intl.NumberFormat('en-GB');

/**
 * The file-system loader, remembering where a relative template name leads from each template. The
 * GOV.UK macros import their helpers by relative name ('../../macros/attributes.njk') at every call, and
 * Nunjucks resolved each with `path.resolve`: about a tenth of a child record's rendering time. The
 * answer depends only on the two names, so it never goes stale (a bounded, finite set of templates).
 */
class TemplateLoader extends nunjucks.FileSystemLoader {
  private readonly resolved = new Map<string, Map<string, string>>();

  override resolve(from: string, to: string): string {
    let fromHere = this.resolved.get(from);
    if (fromHere === undefined) {
      fromHere = new Map();
      this.resolved.set(from, fromHere);
    }
    let path = fromHere.get(to);
    if (path === undefined) {
      path = super.resolve(from, to);
      fromHere.set(to, path);
    }
    return path;
  }
}

export function createRenderer(options: { watch?: boolean } = {}): Renderer {
  const env = new nunjucks.Environment(
    new TemplateLoader([join(here, 'views'), SRC_DIR, GOVUK_FRONTEND_DIR, MOJ_FRONTEND_DIR], {
      watch: options.watch ?? false,
      noCache: false,
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('govukDate', (value: unknown) => {
    const d = toDate(value);
    return d === undefined ? '' : DATE_FORMAT.format(d);
  });
  env.addFilter('govukDateTime', (value: unknown) => {
    const d = toDate(value);
    return d === undefined ? '' : DATE_TIME_FORMAT.format(d).replace(' at ', ', ');
  });
  // Counts with thousands separators (GOV.UK style: 19,000,000).
  env.addFilter('govukNumber', (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? NUMBER_FORMAT.format(value) : '',
  );
  env.addFilter('isoDate', (value: unknown) => toDate(value)?.toISOString().slice(0, 10) ?? '');
  env.addGlobal('serviceName', 'Sightline');
  return (template, context) => env.render(template, context);
}
