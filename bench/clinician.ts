import { FakeClock } from '../server/clock.ts';
import type { Database } from '../server/db/client.ts';
import { insertAccount } from '../server/services/accounts.ts';
import type { Actor } from '../server/services/context.ts';
import { insertUser } from '../server/services/users.ts';

/**
 * A new account with one clinician, for scenarios that drive the services as that clinician: the
 * services' context (the database and a clock at the present time) and the clinician as actor.
 */
export async function benchClinician(database: Database, name: string) {
  const ctx = { db: database.db, clock: new FakeClock(new Date()) };
  const account = await insertAccount(database.db, ctx, `${name} ${Date.now()}`);
  const user = await insertUser(database.db, ctx, {
    email: `${name.toLowerCase()}-${Date.now()}@bench.test`,
    password: 'Bench-Password-1!',
    role: 'clinician',
    accountId: account.id,
  });
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: 'clinician',
    accountId: account.id,
    via: 'cli',
  };
  return { ctx, actor };
}
