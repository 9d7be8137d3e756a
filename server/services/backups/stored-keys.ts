import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';

/**
 * The stored files a backup copies: those the snapshot's rows name (each image's original, preview
 * and thumbnail, each consent's signature), deleted records' included, read in the dump's own
 * transaction. Files no row names are leftovers the cleanup sweeps, and the backups themselves
 * are not copied. Asking the database costs one statement where walking the store costs a
 * directory read per image (docs/PERFORMANCE.md, backup).
 */
export async function storedKeys(tx: Tx): Promise<string[]> {
  // One text value rather than a row per key: most of the cost on the embedded engine is per row.
  const result = await tx.execute(sql`
    select string_agg(k, E'\n') as keys from (
      select concat_ws(E'\n', original_key, preview_key, thumbnail_key) as k from images
      union all select signature_key from consents where signature_key is not null
    ) named`);
  const [row] = (result as unknown as { rows: { keys: string | null }[] }).rows;
  return row?.keys ? row.keys.split('\n') : [];
}
