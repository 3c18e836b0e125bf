/**
 * Import pages: upload an agency file (pasted CSV or JSON Lines text in this increment; multipart is not
 * installed), the batches with their accounting (rows in = loaded + quarantined + duplicate), and the
 * quarantine of a batch with a form to correct a row and resubmit it. Only actors who may `import.run`
 * see any of it; everyone else gets "not found".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, requireSignIn } from '../../access/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { FEEDS, feedByName } from '../feeds/index.ts';
import { issueMessage } from '../validate.ts';
import {
  correctAndResubmit,
  listAgencies,
  listBatches,
  runUpload,
  viewQuarantine,
  type BatchRow,
} from './imports.service.ts';

/** The largest pasted file accepted, in bytes (the form is urlencoded, so the body is a little larger). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const UploadBody = z.object({
  feed: z.string().max(100).default(''),
  agency: z.string().max(100).default(''),
  format: z.string().max(10).default('csv'),
  fileName: z.string().max(200).default(''),
  content: z.string().max(MAX_UPLOAD_BYTES).default(''),
  _csrf: z.string().optional(),
});
const BatchParams = z.object({ id: z.uuid() });
const EntryParams = z.object({ id: z.uuid(), entryId: z.uuid() });
const CorrectionBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const STATUS_TEXT = { running: 'Running', completed: 'Completed', failed: 'Failed' } as const;
const STATUS_TAG = { running: 'govuk-tag--blue', completed: 'govuk-tag--green', failed: 'govuk-tag--red' };
const FIELD_PREFIX = 'value.';

/** The id of a correction input: one per quarantined row and field. */
function inputId(entryId: string, field: string): string {
  return `e-${entryId}-${field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function requireImporter(request: FastifyRequest): ReturnType<typeof actorOf> {
  const actor = actorOf(request);
  if (!canInPartnership(actor, 'import.run')) throw notFound('page');
  return actor;
}

function batchView(b: BatchRow) {
  return {
    ...b,
    statusText: STATUS_TEXT[b.status],
    statusTag: STATUS_TAG[b.status],
    balanced: b.rowsIn === b.loaded + b.quarantined + b.duplicate,
    started: b.startedAt.toISOString().slice(0, 16).replace('T', ' '),
  };
}

export function registerImportRoutes(base: FastifyInstance, deps: AppDeps): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const handle = deps.database;

  const uploadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: { href: string; text: string }[],
  ) => {
    const actor = actorOf(request);
    const agencies = await listAgencies(handle, actor.partnershipId);
    return reply.page('imports/web/views/upload.njk', {
      pageTitle: 'Upload an agency file',
      values,
      errorList: errors,
      fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
      feeds: FEEDS.map((f) => ({ value: f.name, text: `${f.name} – ${f.description}` })),
      agencies: agencies.map((a) => ({ value: a.code, text: a.name })),
      maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    });
  };

  app.get('/imports', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    const actor = requireImporter(request);
    const batches = await listBatches(handle, actor.partnershipId);
    return reply.page('imports/web/views/batches.njk', {
      pageTitle: 'Imports',
      batches: batches.map(batchView),
    });
  });

  app.get('/imports/new', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
    requireImporter(request);
    return uploadPage(request, reply, { format: 'csv' }, []);
  });

  app.post(
    '/imports',
    { schema: { body: UploadBody, hide: true }, preHandler: requireSignIn, bodyLimit: MAX_UPLOAD_BYTES * 3 },
    async (request, reply) => {
      const actor = requireImporter(request);
      const body = request.body;
      const values = { feed: body.feed, agency: body.agency, format: body.format, fileName: body.fileName };
      const errors: { href: string; text: string }[] = [];
      const feed = feedByName(body.feed);
      if (feed === undefined) errors.push({ href: '#feed', text: 'Select the feed this file belongs to' });
      const agencies = await listAgencies(handle, actor.partnershipId);
      if (!agencies.some((a) => a.code === body.agency)) {
        errors.push({ href: '#agency', text: 'Select the agency that sent this file' });
      }
      if (body.format !== 'csv' && body.format !== 'jsonl') {
        errors.push({ href: '#format', text: 'Select CSV or JSON Lines' });
      }
      if (body.content.trim() === '') {
        errors.push({ href: '#content', text: 'Paste the contents of the file' });
      }
      if (errors.length > 0) return uploadPage(request, reply.status(400), values, errors);
      try {
        const summary = await runUpload(handle, deps.clock, actor, {
          feed: body.feed,
          agencyCode: body.agency,
          format: body.format === 'jsonl' ? 'jsonl' : 'csv',
          fileName: body.fileName,
          content: body.content,
        });
        return await reply.redirect(`/imports/${summary.batchId}`, 303);
      } catch (error) {
        // The importer refuses a file it cannot read at all (no header, unknown agency for the feed, ...).
        request.log.warn({ feed: body.feed }, 'upload refused');
        const text = error instanceof Error ? error.message : 'The file could not be imported';
        return uploadPage(request, reply.status(400), values, [
          { href: '#content', text: `The file could not be imported: ${text}` },
        ]);
      }
    },
  );

  app.get(
    '/imports/:id',
    { schema: { params: BatchParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireImporter(request);
      const [batch] = await listBatches(handle, actor.partnershipId, request.params.id);
      if (batch === undefined) throw notFound('import batch');
      return reply.page('imports/web/views/batch.njk', {
        pageTitle: `Import of ${batch.fileName}`,
        batch: batchView(batch),
      });
    },
  );

  const quarantinePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    batchId: string,
    failed?: {
      entryId: string;
      values: Record<string, string>;
      fields: string[];
      errors: { href: string; text: string }[];
    },
  ) => {
    const actor = actorOf(request);
    const [batch] = await listBatches(handle, actor.partnershipId, batchId);
    if (batch === undefined) throw notFound('import batch');
    const entries = await viewQuarantine(handle, deps.clock, actor, batchId);
    return reply.page('imports/web/views/quarantine.njk', {
      pageTitle: `Quarantined rows of ${batch.fileName}`,
      batch: batchView(batch),
      errorList: failed?.errors ?? [],
      entries: entries.map((e) => {
        const mine = failed?.entryId === e.id ? failed : undefined;
        const fields = [
          ...new Set([...e.issues.map((i) => i.field), ...(mine?.fields ?? [])].filter((f) => f !== '(row)')),
        ];
        return {
          id: e.id,
          line: e.line,
          issues: e.issues.map((i) => ({ field: i.field, message: issueMessage(i) })),
          inputs: fields.map((f) => ({
            field: f,
            id: inputId(e.id, f),
            name: `${FIELD_PREFIX}${f}`,
            value: mine?.values[f] ?? e.record[f] ?? '',
            error: mine?.errors.find((x) => x.href === `#${inputId(e.id, f)}`)?.text,
          })),
          record: Object.entries(e.record).map(([k, v]) => ({ key: k, value: v })),
        };
      }),
    });
  };

  app.get(
    '/imports/:id/quarantine',
    { schema: { params: BatchParams, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      requireImporter(request);
      return quarantinePage(request, reply, request.params.id);
    },
  );

  app.post(
    '/imports/:id/quarantine/:entryId',
    { schema: { params: EntryParams, body: CorrectionBody, hide: true }, preHandler: requireSignIn },
    async (request, reply) => {
      const actor = requireImporter(request);
      const corrections: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.body)) {
        if (!k.startsWith(FIELD_PREFIX)) continue;
        corrections[k.slice(FIELD_PREFIX.length)] = Array.isArray(v) ? (v[0] ?? '') : v;
      }
      const { id, entryId } = request.params;
      const result = await correctAndResubmit(handle, deps.clock, actor, id, entryId, corrections);
      if (result === undefined) throw notFound('quarantined row');
      if (result.ok) return reply.redirect(`/imports/${result.batchId}`, 303);
      const errors = result.issues.map((i) => ({
        href: `#${inputId(entryId, i.field)}`,
        text: issueMessage(i),
      }));
      return quarantinePage(request, reply.status(400), id, {
        entryId,
        values: result.values,
        fields: result.issues.map((i) => i.field),
        errors,
      });
    },
  );
}
