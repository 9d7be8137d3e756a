import type { Command } from 'commander';
import { and, eq, isNull } from 'drizzle-orm';
import { tokenBody } from '../../shared/schemas/auth.ts';
import { loadConfig } from '../config.ts';
import { users } from '../db/schema.ts';
import { isRole } from '../domain/roles.ts';
import { AppError, notFound } from '../errors.ts';
import { findAccountByName, insertAccount } from '../services/accounts.ts';
import { recordAudit } from '../services/audit.ts';
import { createApiToken } from '../services/auth.ts';
import { type Actor, type Ctx, cliActor } from '../services/context.ts';
import { issuePasswordResetByEmail, RESET_LINK_HOURS, resetUrl } from '../services/passwords/reset-links.ts';
import { insertUser } from '../services/users.ts';
import { withDatabase } from './with-database.ts';

export function registerUserCommands(program: Command) {
  const usersCmd = program.command('users').description('manage users');
  usersCmd
    .command('create')
    .description(
      'create a user (a super administrator, or a user of an account, creating the account if needed)',
    )
    .requiredOption('--email <email>', 'e-mail address used to sign in')
    .requiredOption(
      '--password <password>',
      'at least 12 characters with upper and lower case, a digit and a symbol',
    )
    .requiredOption('--role <role>', 'super-admin | admin | clinician | assistant')
    .option('--account <name>', 'the account (practice) of an admin, clinician or assistant')
    .option('--name <displayName>', 'the name shown in the app')
    .action(
      async (opts: { email: string; password: string; role: string; account?: string; name?: string }) => {
        if (!isRole(opts.role))
          throw new AppError(
            422,
            'invalid_input',
            'The role must be super-admin, admin, clinician or assistant.',
          );
        const role = opts.role;
        if (role === 'super-admin' && opts.account)
          throw new AppError(422, 'invalid_input', 'A super administrator belongs to no account.');
        if (role !== 'super-admin' && !opts.account)
          throw new AppError(422, 'invalid_input', `A user with role ${role} needs --account NAME.`);
        const user = await withDatabase((ctx) =>
          ctx.db.transaction(async (tx) => {
            let accountId: string | null = null;
            if (opts.account) {
              const existing = await findAccountByName(tx, opts.account);
              accountId = existing?.id ?? (await insertAccount(tx, ctx, opts.account)).id;
              if (!existing) {
                await recordAudit(tx, ctx, cliActor(), {
                  action: 'account.create',
                  accountId,
                  targetType: 'account',
                  targetId: accountId,
                  details: { name: opts.account },
                });
              }
            }
            const created = await insertUser(tx, ctx, {
              email: opts.email,
              password: opts.password,
              role,
              displayName: opts.name,
              accountId,
            });
            await recordAudit(tx, ctx, cliActor(), {
              action: 'user.create',
              accountId,
              targetType: 'user',
              targetId: created.id,
              details: { email: created.email, role },
            });
            return created;
          }),
        );
        process.stdout.write(
          `Created ${user.role} ${user.email}${user.accountName ? ` in account "${user.accountName}"` : ''} (id ${user.id}).\n`,
        );
      },
    );

  usersCmd
    .command('reset-password')
    .description(
      `make a one-time link (valid ${RESET_LINK_HOURS} hours) for a user to choose a new password; the link is printed alone on the last line`,
    )
    .requiredOption('--email <email>', 'the user who forgot its password')
    .action(async (opts: { email: string }) => {
      const config = loadConfig();
      const origin = config.publicUrl ?? `http://localhost:${config.port}`;
      const link = await withDatabase((ctx) => issuePasswordResetByEmail(ctx, cliActor(), opts.email));
      process.stdout.write(
        `Password reset link for ${opts.email}, valid until ${link.expiresAt.toISOString()} (usable once; the current password works until it is used):\n${resetUrl(origin, link.token)}\n`,
      );
    });

  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .description('create a personal API token for a user; the token is printed alone on the last line')
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-in-days <days>', 'days until it stops working, 1 to 3650, or "never"', '90')
    .action(async (opts: { email: string; name: string; expiresInDays: string }) => {
      const expiresInDays = tokenDays(opts.expiresInDays);
      const token = await withDatabase(async (ctx) =>
        createApiToken(ctx, await actorByEmail(ctx, opts.email), opts.name, expiresInDays),
      );
      const until = token.expiresAt ? `expires ${token.expiresAt}` : 'never expires';
      process.stdout.write(
        `Token "${token.name}" for ${opts.email}, ${until} (shown once; keep it secret):\n${token.token}\n`,
      );
    });
}

/** The active user with this e-mail, acting from the command line (for tokens and OAuth clients). */
export async function actorByEmail(ctx: Ctx, email: string): Promise<Actor> {
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.email, email.trim().toLowerCase()), isNull(users.deletedAt)));
  if (!user || !isRole(user.role)) throw notFound('user with this e-mail');
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    accountId: user.accountId,
    via: 'cli',
    ip: 'local',
  };
}

/** The --expires-in-days value, checked by the same rule as the API's `expiresInDays`. */
function tokenDays(text: string): number | null {
  if (text.trim().toLowerCase() === 'never') return null;
  const parsed = tokenBody.shape.expiresInDays.safeParse(
    /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN,
  );
  if (!parsed.success || parsed.data === undefined)
    throw new AppError(422, 'invalid_input', '--expires-in-days takes 1 to 3650 days, or "never".');
  return parsed.data;
}
