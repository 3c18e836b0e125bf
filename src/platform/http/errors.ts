/**
 * One place turns errors into responses. Pages get a GOV.UK error page; `/api/` gets JSON
 * `{ error: { code, message, issues, requestId } }`. Unknown errors become a bare 500 with the request id
 * and are logged by type, never by message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, httpStatusOf, isAppError, type FieldIssue } from '../errors/index.ts';
import { describeError } from '../logging/logger.ts';

interface ValidationEntry {
  instancePath: string;
  message?: string;
  params: { issue?: { code?: unknown } };
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health';
}

const PAGE_TEXT: Record<number, { heading: string; paragraphs: string[] }> = {
  400: {
    heading: 'There is a problem with your request',
    paragraphs: ['Check the information and try again.'],
  },
  401: { heading: 'You need to sign in', paragraphs: ['Sign in to continue.'] },
  403: { heading: 'You cannot do this', paragraphs: ['Your role does not allow this action.'] },
  404: {
    heading: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you followed a link to a record, the record may not exist or may not be shared with your agency. Contact the MASH if you need it.',
    ],
  },
  409: {
    heading: 'This record has changed',
    paragraphs: ['Someone else changed this record. Reload the page and try again.'],
  },
  429: { heading: 'Too many attempts', paragraphs: ['Wait a few minutes and try again.'] },
  500: {
    heading: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. Nothing you entered has been saved.'],
  },
  503: { heading: 'Sorry, the service is unavailable', paragraphs: ['Try again later.'] },
};

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  issues: FieldIssue[] = [],
) {
  if (wantsJson(request)) {
    return reply.status(status).send({ error: { code, message, issues, requestId: request.id } });
  }
  const text = PAGE_TEXT[status] ?? PAGE_TEXT[500]!;
  return reply.status(status).page('pages/error.njk', {
    pageTitle: text.heading,
    heading: text.heading,
    paragraphs: text.paragraphs,
    requestId: status >= 500 ? request.id : undefined,
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (isAppError(error)) {
      const status = httpStatusOf(error.code);
      return sendError(request, reply, status, error.code, error.message, error.issues);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const validation = (error as unknown as { validation: ValidationEntry[] }).validation;
      const issues: FieldIssue[] = validation.map((v) => ({
        path: v.instancePath.split('/').filter((part) => part !== ''),
        code: typeof v.params.issue?.code === 'string' ? v.params.issue.code : 'invalid',
        message: v.message ?? 'Enter a valid value',
      }));
      return sendError(request, reply, 400, 'validation', 'The request is not valid', issues);
    }
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'validation';
      return sendError(
        request,
        reply,
        status,
        code,
        status === 413 ? 'The request is too large' : 'The request is not valid',
      );
    }
    request.log.error({ err: describeError(error) }, 'unhandled error');
    return sendError(request, reply, 500, 'internal', 'Something went wrong');
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', 'Not found'));
}

export { AppError };
