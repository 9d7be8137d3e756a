import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { LiveHub } from '../live/hub.ts';
import type { Ctx } from '../services/context.ts';
import type { Evidence } from '../services/evidence/evidence.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface Deps {
  ctx: Ctx;
  config: Config;
  database: Database;
  storage: BlobStore;
  live: LiveHub;
  evidence: Evidence;
}
