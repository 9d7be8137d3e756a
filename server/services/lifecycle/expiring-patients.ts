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
}

/**
 * The operator's list of every deleted patient of the deployment with its expiry, soonest first,
 * read from the deleted_patients_view that operators can also query themselves (docs/OPERATIONS.md);
 * patients under legal hold have no expiry and come last.
 */
export async function listExpiringPatients(ctx: Ctx, actor: Actor, limit = 1000) {
  requireCapability(actor, 'cleanup.run');
  const result = await ctx.db.execute(sql`
    select id, account_name, unique_id,
      to_char(deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as deleted_at,
      to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires_at,
      held, hold_reason
    from deleted_patients_view order by expires_at nulls last, id limit ${limit}`);
  return (result as unknown as { rows: ExpiringPatient[] }).rows;
}
