/**
 * The Fastify application factory: `createApp(deps)` wires security headers, request ids, logging,
 * static assets, views, error pages and each module's routes. Everything it needs comes in `deps`, so
 * tests build it in-process and call `app.inject()`.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config.ts';
import type { Clock } from '../clock/clock.ts';
import type { DatabaseHandle } from '../database/index.ts';
import type { Logger } from '../logging/logger.ts';
import {
  GOVUK_FRONTEND_DIR,
  MOJ_FRONTEND_DIR,
  SRC_DIR,
  createRenderer,
  type Renderer,
} from '../../web/index.ts';
import { registerErrorHandling } from './errors.ts';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  clock: Clock;
}

export type App = FastifyInstance;

/** A module's routes: a function given the app (typed for zod schemas) and the dependencies. */
export type RouteModule = (
  app: FastifyInstance,
  deps: AppDeps & { render: Renderer },
) => void | Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Extra layout context set by hooks (the signed-in user, the sign-out form's CSRF token). */
    layoutContext: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    /** Every route the app serves, as `METHOD url`, recorded as routes are added (for the access matrix). */
    routeList: string[];
  }
  interface FastifyReply {
    /** Renders a Nunjucks page with the layout's common context (nonce, navigation, demo banner). */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export const API_PREFIX = '/api/v1';

export interface NavigationItem {
  href: string;
  text: string;
  /** Shown only when this returns true for the request (e.g. only to signed-in users with a role). */
  visible?: (request: FastifyRequest) => boolean;
}

/**
 * Builds the application.
 *
 * @example
 * const app = await createApp(deps, [registerHealthRoutes, registerPeopleRoutes]);
 * const res = await app.inject({ url: '/health' });
 */
export async function createApp(
  deps: AppDeps,
  routeModules: RouteModule[],
  navigation: NavigationItem[] = [],
): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger,
    disableRequestLogging: true,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const render = createRenderer();
  const baseApp = app as unknown as FastifyInstance;
  const routeList: string[] = [];
  app.decorate('routeList', routeList);
  app.decorateRequest('layoutContext', null);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routeList.push(`${method} ${route.url}`);
  });

  // Request log lines carry the request id, method, path without query string, status and time only.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    void reply.header('cache-control', 'no-store');
  });

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: deps.config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: deps.config.secureCookies
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Sightline API',
        version: '1',
        description:
          'Multi-agency child sexual exploitation records, early warning, coordination and reporting.',
      },
      servers: [{ url: '/' }],
    },
    transform: jsonSchemaTransform,
  });

  const staticOptions = { decorateReply: false, cacheControl: false, wildcard: true } as const;
  await app.register(fastifyStatic, {
    root: join(GOVUK_FRONTEND_DIR, 'govuk'),
    prefix: '/assets/govuk/',
    ...staticOptions,
    allowedPath: (p) => /\.(css|js|mjs|map)$/.test(p),
  });
  await app.register(fastifyStatic, {
    root: join(GOVUK_FRONTEND_DIR, 'govuk', 'assets'),
    prefix: '/assets/',
    ...staticOptions,
  });
  await app.register(fastifyStatic, {
    root: join(MOJ_FRONTEND_DIR, 'moj'),
    prefix: '/assets/moj/',
    ...staticOptions,
    allowedPath: (p) => /\.(css|js|mjs|map)$/.test(p),
  });
  await app.register(fastifyStatic, {
    root: join(SRC_DIR, 'web', 'static'),
    prefix: '/static/',
    ...staticOptions,
  });

  app.decorateReply(
    'page',
    function page(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request: FastifyRequest = this.request;
      const path = request.url.split('?')[0] ?? '/';
      const html = render(template, {
        cspNonce: this.cspNonce,
        demoMode: deps.config.demoMode,
        requestId: request.id,
        navigation: navigation
          .filter((item) => item.visible === undefined || item.visible(request))
          .map((item) => ({
            href: item.href,
            text: item.text,
            active: item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`),
          })),
        ...(request.layoutContext ?? {}),
        ...context,
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  registerErrorHandling(baseApp);

  for (const register of routeModules) {
    await register(baseApp, { ...deps, render });
  }

  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return baseApp;
}
