/**
 * Import pages: upload an agency file, the batches with their accounting (rows in = loaded +
 * quarantined + duplicate), one batch with its progress while it imports, and the quarantine of a batch
 * with a form to correct a row and resubmit it; plus the batch as JSON (`GET /api/v1/imports/:id`), which
 * the batch page polls.
 *
 * The upload is a multipart form (`@fastify/multipart`, registered for that one route): the CSRF hook
 * reads its leading `_csrf` field, then the file streams to a temporary folder (at most
 * `SIGHTLINE_UPLOAD_MAX_MB`; over it, the error summary and nothing imported), the fields are checked
 * with zod, and the import starts in the background of this server process. The POST answers with the
 * batch page as soon as the batch exists; the importer writes its progress to the batch with every
 * chunk, so any server process can show it. Closing the app stops running imports at their next chunk.
 * Only actors who may `import.run` see any of it; everyone else gets "not found".
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, canInPartnership, formPartsOf, requireSignIn } from '../../access/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import type { AppDeps } from '../../platform/http/app.ts';
import { FEEDS } from '../feeds/index.ts';
import { issueMessage } from '../validate.ts';
import { BackgroundImports } from './background.ts';
import { progressOf } from './batch-progress.ts';
import {
  correctAndResubmit,
  listAgencies,
  listBatches,
  startUpload,
  viewQuarantine,
  type BatchRow,
} from './imports.service.ts';
import { MAX_PASTE_BYTES, megabytesText, receiveUploadForm, type FormError } from './upload-form.ts';

const BatchParams = z.object({ id: z.uuid() });
const EntryParams = z.object({ id: z.uuid(), entryId: z.uuid() });
const CorrectionBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const STATUS_TEXT = { running: 'Running', completed: 'Completed', failed: 'Failed' } as const;
const STATUS_TAG = { running: 'govuk-tag--blue', completed: 'govuk-tag--green', failed: 'govuk-tag--red' };
const FIELD_PREFIX = 'value.';

const BatchJson = z.object({
  id: z.string(),
  fileName: z.string(),
  feed: z.string(),
  feedVersion: z.number(),
  agency: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  statusText: z.string(),
  rowsIn: z.number(),
  loaded: z.number(),
  quarantined: z.number(),
  duplicate: z.number(),
  openQuarantine: z.number(),
  balanced: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.object({
    rowsRead: z.number(),
    bytesRead: z.number(),
    bytesTotal: z.number().nullable(),
    percent: z.number().nullable(),
    rowsPerSecond: z.number().nullable(),
    secondsLeft: z.number().nullable(),
    stalled: z.boolean(),
    text: z.object({
      headline: z.string(),
      rows: z.string(),
      rate: z.string(),
      left: z.string(),
      read: z.string(),
      failure: z.string().nullable(),
    }),
  }),
});

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
    progress: progressOf(b),
  };
}

function batchJson(b: BatchRow): z.infer<typeof BatchJson> {
  const v = batchView(b);
  return {
    id: v.id,
    fileName: v.fileName,
    feed: v.feed,
    feedVersion: v.feedVersion,
    agency: v.agencyName,
    status: v.status,
    statusText: v.statusText,
    rowsIn: v.rowsIn,
    loaded: v.loaded,
    quarantined: v.quarantined,
    duplicate: v.duplicate,
    openQuarantine: v.openQuarantine,
    balanced: v.balanced,
    startedAt: v.startedAt.toISOString(),
    finishedAt: v.finishedAt === null ? null : v.finishedAt.toISOString(),
    progress: v.progress,
  };
}

export async function registerImportRoutes(base: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const handle = deps.database;
  const maxFileBytes = deps.config.uploadMaxBytes;
  const imports = new BackgroundImports();
  base.addHook('onClose', () => imports.close());
  const uploadDeps = { handle, clock: deps.clock, logger: deps.logger.child({ module: 'imports' }), imports };

  const uploadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: readonly FormError[],
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
      maxFile: megabytesText(maxFileBytes),
      maxPaste: megabytesText(MAX_PASTE_BYTES),
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
    return uploadPage(request, reply, {}, []);
  });

  // The upload: the only route that takes multipart/form-data, with the limits of an agency file.
  await base.register(async (scoped) => {
    await scoped.register(fastifyMultipart, {
      limits: {
        fileSize: maxFileBytes,
        files: 1,
        fields: 10,
        parts: 12,
        fieldSize: MAX_PASTE_BYTES,
        fieldNameSize: 100,
        headerPairs: 100,
      },
    });
    scoped.post('/imports', { schema: { hide: true }, preHandler: requireSignIn }, async (request, reply) => {
      const actor = requireImporter(request);
      if (!request.isMultipart()) {
        return uploadPage(request, reply.status(400), {}, [
          { href: '#file', text: 'Select a file to upload' },
        ]);
      }
      const agencies = await listAgencies(handle, actor.partnershipId);
      const form = await receiveUploadForm(formPartsOf(request), {
        agencies: agencies.map((a) => a.code),
        maxFileBytes,
      });
      if (form.upload === undefined) {
        return uploadPage(request, reply.status(form.tooLarge ? 413 : 400), form.values, form.errors);
      }
      const batch = await startUpload(uploadDeps, actor, form.upload, form.discard);
      return reply.redirect(`/imports/${batch.batchId}`, 303);
    });
  });

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

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        summary:
          'An import batch: its accounting and, while it runs, its progress (import.run only; 404 otherwise)',
        tags: ['imports'],
        params: BatchParams,
        response: { 200: BatchJson },
      },
      preHandler: requireSignIn,
    },
    async (request) => {
      const actor = requireImporter(request);
      const [batch] = await listBatches(handle, actor.partnershipId, request.params.id);
      if (batch === undefined) throw notFound('import batch');
      return batchJson(batch);
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
