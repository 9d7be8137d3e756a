import { desc } from 'drizzle-orm';
import { settings } from '../../db/schema.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { GENESIS_HASH } from '../../domain/audit-chain.ts';
import { type Checkpoint, signCheckpoint } from '../../domain/checkpoint.ts';
import type { Ctx } from '../context.ts';
import type { Evidence } from './evidence.ts';

/**
 * Signs the chain's current head and appends it to the checkpoint log (hourly, at every backup and
 * at start). Written by the server itself: no actor, nothing for a user to ask for.
 */
export async function writeCheckpoint(
  ctx: Ctx,
  evidence: Evidence,
  kind: Checkpoint['kind'] = 'head',
): Promise<Checkpoint> {
  const [head] = await ctx.db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const [row] = await ctx.db.select({ keyedFrom: settings.auditKeyedFrom }).from(settings);
  const checkpoint = signCheckpoint(
    {
      kind,
      seq: head?.seq ?? 0,
      hash: head?.hash ?? GENESIS_HASH,
      at: ctx.clock.now().toISOString(),
      keyedFrom: row?.keyedFrom ?? 1,
      keyId: evidence.keys.signing.keyId,
    },
    evidence.keys.signing.privateKey,
  );
  await evidence.checkpoints.append(checkpoint);
  return checkpoint;
}
