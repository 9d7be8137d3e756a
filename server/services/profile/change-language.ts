import { eq } from 'drizzle-orm';
import { isLanguage, LANGUAGES, type Language } from '../../../shared/languages.ts';
import { accounts, users } from '../../db/schema.ts';
import { AppError, unauthorized } from '../../errors.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { languageOf, presentUser } from '../users-present.ts';

/**
 * The signed-in user chooses its own language (null: follow the browser). Nobody sets another
 * user's: it is a personal preference, audited as the user's own change like its second factor.
 */
export async function changeLanguage(ctx: Ctx, actor: Actor, language: string | null) {
  if (actor.via !== 'session' && actor.via !== 'token') throw unauthorized();
  if (language !== null && !isLanguage(language)) {
    throw new AppError(422, 'invalid_language', `The language must be one of ${LANGUAGES.join(', ')}.`, {
      fields: { language: `One of ${LANGUAGES.join(', ')}, or null.` },
    });
  }
  const chosen: Language | null = language;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ user: users, accountName: accounts.name })
      .from(users)
      .leftJoin(accounts, eq(accounts.id, users.accountId))
      .where(eq(users.id, actor.userId))
      .for('update', { of: users });
    if (!row || row.user.deletedAt) throw unauthorized();
    const before = languageOf(row.user.language);
    if (before === chosen) return presentUser(row.user, row.accountName);
    const [updated] = await tx
      .update(users)
      .set({ language: chosen })
      .where(eq(users.id, row.user.id))
      .returning();
    await recordAudit(tx, ctx, actor, {
      action: 'user.language_changed',
      targetType: 'user',
      targetId: row.user.id,
      details: { from: before, to: chosen },
    });
    return presentUser(updated ?? row.user, row.accountName);
  });
}
