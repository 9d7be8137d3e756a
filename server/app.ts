import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { AppError } from './errors.ts';
import { fhirPlugin } from './fhir/plugin.ts';
import { answerSerializerCompiler } from './http/answer-serializer.ts';
import { installAuth } from './http/auth.ts';
import { installContentTypeCheck } from './http/content-type.ts';
import { frameworkErrorHandler, installErrorHandler } from './http/errors.ts';
import { installFhirCors } from './http/fhir-cors.ts';
import { installPrivacy } from './http/privacy.ts';
import { installBodyTimeout } from './http/request-timeout.ts';
import { installTextInputCheck } from './http/text-input.ts';
import { type Fanout, LocalFanout, PostgresFanout } from './live/fanout.ts';
import { LiveHub } from './live/hub.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { backupRoutes } from './routes/backups.ts';
import { destructionRecordRoutes } from './routes/destruction-records.ts';
import { dicomRoutes } from './routes/dicom.ts';
import { entryRoutes } from './routes/entries.ts';
import { expungeRoutes } from './routes/expunge.ts';
import { healthRoutes } from './routes/health.ts';
import { imageRoutes } from './routes/images.ts';
import { lesionLifecycleRoutes } from './routes/lesion-lifecycle.ts';
import { lesionRoutes } from './routes/lesions.ts';
import { lifecycleRoutes } from './routes/lifecycle.ts';
import { lifecycleAdminRoutes } from './routes/lifecycle-admin.ts';
import { liveRoutes } from './routes/live.ts';
import { mySecurityRoutes } from './routes/my-security.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { passwordRoutes } from './routes/passwords.ts';
import { patientRoutes } from './routes/patients.ts';
import { reportRoutes } from './routes/reports.ts';
import { setupRoutes } from './routes/setup.ts';
import { tagRoutes } from './routes/tags.ts';
import type { Deps } from './routes/types.ts';
import { userCredentialRoutes } from './routes/user-credentials.ts';
import { webAppFallback, webRoutes } from './routes/web.ts';
import { onAccessAnnounced } from './services/access-revocation.ts';
import { ActorCache } from './services/actor-cache.ts';
import { type Evidence, openEvidence } from './services/evidence/evidence.ts';
import { onSettingsAnnounced, SettingsCache } from './services/settings-cache.ts';
import { readVersionHolding } from './services/versions.ts';
import type { BlobStore } from './storage/blob-store.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock: Clock;
  storage: BlobStore;
  /** The deployment's keys and checkpoint log; opened from the config when not given. */
  evidence?: Evidence;
  /** Fastify's logger; off in tests (or into the given stream, for the tests of the log itself). */
  logger?: boolean | NodeJS.WritableStream;
}

/** Builds the whole HTTP application from its dependencies; main.ts and the tests both use it. */
export async function buildApp({ config, database, clock, storage, logger, ...given }: AppOptions) {
  const evidence = given.evidence ?? openEvidence(config, storage);
  const app = Fastify({
    logger: logger
      ? { level: config.logLevel, ...(typeof logger === 'object' ? { stream: logger } : {}) }
      : false,
    // Fastify's own request lines carry the full URL: installPrivacy logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Slow loris: Node enforces this while headers arrive; installBodyTimeout while the body does.
    // No idle-socket timeout: it would also cut the live-editing WebSockets.
    requestTimeout: config.requestTimeoutSeconds * 1000,
    trustProxy: config.trustProxy,
    // Ids and query strings are short; a long URL is an attack, not a request.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializerCompiler(config.checkAnswers));
  installErrorHandler(app, webAppFallback);

  await app.register(helmet, {
    contentSecurityPolicy: {
      // Every directive spelled out (helmet's defaults allow any https: style and font).
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Mantine writes its CSS variables into <style> tags and style attributes at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: 16 * 1024 * 1024, files: 100, fields: 10, parts: 120 },
  });
  await app.register(websocket, { options: { maxPayload: 2 * 1024 * 1024 } });
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

  const ctx = { db: database.db, clock, settings: new SettingsCache(clock) };
  const fanout = await fanoutFor(database, ctx);
  const live = new LiveHub(ctx, fanout, config.sessionIdleMinutes);
  const actors = new ActorCache(ctx.clock);
  fanout.onAccess((m) => actors.evictUser(m.userId));
  fanout.onSettings(() => ctx.settings.forget());
  const forget = onAccessAnnounced((userId) => actors.evictUser(userId));
  const forgetSettings = onSettingsAnnounced(() => ctx.settings.forget());
  app.addHook('onClose', () => {
    forget();
    forgetSettings();
    return live.close();
  });
  const deps: Deps = { ctx, config, database, storage, live, evidence };
  installPrivacy(app);
  // Before sign-in: a browser's preflight carries no credentials, and a refusal needs the CORS headers.
  installFhirCors(app, config);
  installAuth(app, ctx, config, actors);
  installContentTypeCheck(app);
  installBodyTimeout(app, config.requestTimeoutSeconds * 1000);
  installTextInputCheck(app);
  healthRoutes(app, deps);
  authRoutes(app, deps);
  setupRoutes(app, deps);
  patientRoutes(app, deps);
  tagRoutes(app, deps);
  adminRoutes(app, deps);
  entryRoutes(app, deps);
  lesionRoutes(app, deps);
  lesionLifecycleRoutes(app, deps);
  imageRoutes(app, deps);
  lifecycleRoutes(app, deps);
  lifecycleAdminRoutes(app, deps);
  expungeRoutes(app, deps);
  backupRoutes(app, deps);
  reportRoutes(app, deps);
  destructionRecordRoutes(app, deps);
  dicomRoutes(app, deps);
  liveRoutes(app, deps);
  oauthRoutes(app, deps);
  mySecurityRoutes(app, deps);
  passwordRoutes(app, deps);
  userCredentialRoutes(app, deps);
  await app.register(fhirPlugin, { prefix: '/fhir/R4', deps });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await webRoutes(app, deps);
  return app;
}

/** Live edits reach other instances through PostgreSQL; the embedded database serves one process. */
async function fanoutFor(database: Database, ctx: { db: Database['db'] }): Promise<Fanout> {
  if (database.kind !== 'postgres' || !database.pool || !database.url)
    return LocalFanout.start(database.pglite);
  return PostgresFanout.start(database.url, database.pool, async (record, version) => {
    // A version folded into a later one by an edit burst is read from that one (newer, never older).
    const v = record.lesionId
      ? await readVersionHolding(ctx.db, 'lesion', record.lesionId, version)
      : await readVersionHolding(ctx.db, 'entry', record.entryId ?? '', version);
    return v?.data ?? {};
  });
}

export type VellumApp = Awaited<ReturnType<typeof buildApp>>;
