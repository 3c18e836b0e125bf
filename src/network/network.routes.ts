/**
 * Network pages and API: possible groups, a link chart around a person, place, vehicle/phone or group
 * (cytoscape from a JSON endpoint, with a data-table twin that works without JavaScript), a place page
 * and a hotspot map (Leaflet over a fictional area's GeoJSON, server-drawn SVG without JavaScript).
 * Each route: sign-in → policy (`network.view`) → zod input → one service call (trimmed to the viewer,
 * audited) → render or JSON.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../access/index.ts';
import { notFound } from '../platform/errors/index.ts';
import type { AppDeps } from '../platform/http/app.ts';
import { hotspotSvg } from './network.presenter.ts';
import { createNetworkService } from './network.service.ts';

const require = createRequire(import.meta.url);
/** Vendor files served locally (closed networks): name → [package, file in its dist folder, type]. */
const VENDOR: Readonly<Record<string, readonly [string, string, string]>> = {
  'cytoscape.min.js': ['cytoscape', 'cytoscape.min.js', 'text/javascript; charset=utf-8'],
  'leaflet.js': ['leaflet', 'leaflet.js', 'text/javascript; charset=utf-8'],
  'leaflet.css': ['leaflet', 'leaflet.css', 'text/css; charset=utf-8'],
};
/** Each package's main file lives in its dist folder (cytoscape's package.json is not exported). */
const distOf = (pkg: string): string => dirname(require.resolve(pkg));

const ChartQuery = z.object({
  type: z.enum(['person', 'location', 'object', 'group'], {
    error: 'Choose a person, place, object or group',
  }),
  id: z.string().min(1).max(64),
  hops: z.coerce.number().int().min(1).max(3).default(2),
});
const UuidParams = z.object({ id: z.uuid() });
const Named = z.object({ id: z.string(), label: z.string() });
const ChartResponse = z.object({
  focus: Named.extend({ type: z.string() }),
  nodes: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      subtype: z.string(),
      atRisk: z.boolean(),
      hop: z.number(),
      x: z.number(),
      y: z.number(),
    }),
  ),
  edges: z.array(
    z.object({ source: z.string(), target: z.string(), weight: z.number(), evidence: z.string() }),
  ),
  truncated: z.boolean(),
});
const GroupsResponse = z.object({
  groups: z.array(
    z.object({
      id: z.string(),
      rank: z.number(),
      score: z.number(),
      adults: z.array(Named),
      children: z.array(Named),
      places: z.array(Named),
      objects: z.array(Named),
      events: z.number(),
      explanation: z.string(),
    }),
  ),
});
const HotspotsResponse = z.object({
  places: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      peakChildren: z.number(),
      windows: z.number(),
    }),
  ),
});

const TYPE_LABEL = {
  person: 'person',
  location: 'place',
  object: 'vehicle, phone or account',
  group: 'group',
} as const;

export function registerNetworkRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const network = createNetworkService(deps.database.db, deps.clock);
  // Checklist: signed in (303 or 401), may see networks (404, audited), then the input (400).
  const guard = (what: string) => ({
    preValidation: [
      requireSignIn,
      async (request: FastifyRequest): Promise<void> => {
        await network.mayView(actorOf(request), what);
      },
    ],
  });

  app.get(
    '/network/assets/:file',
    { schema: { hide: true, params: z.object({ file: z.string() }) } },
    async (request, reply) => {
      const asset = VENDOR[request.params.file];
      if (asset === undefined) throw notFound('page');
      const [pkg, file, type] = asset;
      return reply.type(type).send(createReadStream(join(distOf(pkg), file)));
    },
  );

  app.get('/network', { schema: { hide: true }, ...guard('groups') }, async (request, reply) => {
    const groups = await network.groups(actorOf(request));
    return reply.page('network/views/groups.njk', { pageTitle: 'Possible groups', groups });
  });

  app.get(
    '/network/chart',
    { schema: { hide: true, querystring: ChartQuery }, ...guard('chart') },
    async (request, reply) => {
      const q = request.query;
      const chart = await network.chart(actorOf(request), { type: q.type, id: q.id }, q.hops);
      const labels = new Map(chart.nodes.map((n) => [n.id, n.label]));
      const params = new URLSearchParams({ type: q.type, id: q.id, hops: String(q.hops) });
      return reply.page('network/views/chart.njk', {
        pageTitle: `Link chart: ${chart.focus.label}`,
        chart,
        typeLabel: TYPE_LABEL[q.type],
        dataUrl: `/api/v1/network/chart?${params.toString()}`,
        edges: chart.edges.map((e) => ({
          ...e,
          sourceLabel: labels.get(e.source),
          targetLabel: labels.get(e.target),
        })),
        hops: q.hops,
        query: q,
      });
    },
  );

  app.get(
    '/network/places/:id',
    { schema: { hide: true, params: UuidParams }, ...guard('place') },
    async (request, reply) => {
      const view = await network.place(actorOf(request), request.params.id);
      return reply.page('network/views/place.njk', { pageTitle: view.place.label, view });
    },
  );

  app.get('/network/hotspots', { schema: { hide: true }, ...guard('hotspots') }, async (request, reply) => {
    const places = await network.hotspotMap(actorOf(request));
    return reply.page('network/views/hotspots.njk', {
      pageTitle: 'Hotspots',
      places,
      svg: hotspotSvg(places),
    });
  });

  app.get(
    '/api/v1/network/groups',
    {
      schema: {
        summary: 'Possible groups in the network you may see',
        tags: ['network'],
        response: { 200: GroupsResponse },
      },
      ...guard('groups'),
    },
    async (request) => ({ groups: await network.groups(actorOf(request)) }),
  );

  app.get(
    '/api/v1/network/chart',
    {
      schema: {
        summary: 'Link chart around a person, place, object or group (only what you may see; 404 otherwise)',
        tags: ['network'],
        querystring: ChartQuery,
        response: { 200: ChartResponse },
      },
      ...guard('chart'),
    },
    async (request) => {
      const q = request.query;
      return network.chart(actorOf(request), { type: q.type, id: q.id }, q.hops);
    },
  );

  app.get(
    '/api/v1/network/hotspots',
    {
      schema: {
        summary: 'Places linked to several children at risk',
        tags: ['network'],
        response: { 200: HotspotsResponse },
      },
      ...guard('hotspots'),
    },
    async (request) => ({ places: await network.hotspotMap(actorOf(request)) }),
  );
}
