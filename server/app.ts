import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { AppError } from './errors.ts';
import { installAuth } from './http/auth.ts';
import { frameworkErrorHandler, installErrorHandler } from './http/errors.ts';
import { installTextInputCheck } from './http/text-input.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { patientRoutes } from './routes/patients.ts';
import { tagRoutes } from './routes/tags.ts';
import type { Deps } from './routes/types.ts';
import { webRoutes } from './routes/web.ts';
import type { BlobStore } from './storage/blob-store.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock: Clock;
  storage: BlobStore;
  /** Fastify's logger; off in tests. */
  logger?: boolean;
}

/** Builds the whole HTTP application from its dependencies; main.ts and the tests both use it. */
export async function buildApp({ config, database, clock, storage, logger }: AppOptions) {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Ids and query strings are short; a long URL is an attack, not a request.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new AppError(429, 'rate_limited', 'Too many attempts. Wait a minute and try again.'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vellum API', version: '1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'vellum_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const ctx = { db: database.db, clock };
  const deps: Deps = { ctx, config, database, storage };
  installAuth(app, ctx);
  installTextInputCheck(app);
  healthRoutes(app, deps);
  authRoutes(app, deps);
  patientRoutes(app, deps);
  tagRoutes(app, deps);
  adminRoutes(app, deps);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await webRoutes(app, deps);
  return app;
}

export type VellumApp = Awaited<ReturnType<typeof buildApp>>;
