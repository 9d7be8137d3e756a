import { sql } from 'drizzle-orm';
import { requireCapability } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';

export interface ExpiringPatient {
  id: string;
  account_name: string;
  unique_id: string;
  deleted_at: string;
  /** Null while the patient is under legal hold. */
  expires_at: string | null;
  held: boolean;
  hold_reason: string | null;
  /** Why it was deleted; null for deletions made before reasons were kept. */
  deletion_reason: string | null;
  deletion_note: string | null;
}

/**
 * The operator's list of every deleted patient of the deployment with its expiry, soonest first,
 * read from the deleted_patients_view that operators can also query themselves (docs/OPERATIONS.md);
 * patients under legal hold have no expiry and come last.
 */
export async function listExpiringPatients(ctx: Ctx, actor: Actor, limit = 1000) {
  requireCapability(actor, 'cleanup.run');
  const result = await ctx.db.execute(sql`
    select v.id, v.account_name, v.unique_id,
      to_char(v.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as deleted_at,
      to_char(v.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires_at,
      v.held, v.hold_reason, p.deletion_reason, p.deletion_note
    from deleted_patients_view v join patients p on p.id = v.id
    order by v.expires_at nulls last, v.id limit ${limit}`);
  return (result as unknown as { rows: ExpiringPatient[] }).rows;
}
