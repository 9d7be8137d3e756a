import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema.ts';
import type { DeletionPolicy } from '../domain/lifecycle.ts';
import { retentionText } from '../domain/retention.ts';
import type { Actor, Ctx } from './context.ts';

export type { DeletionPolicy };
export type ConsentLevel = 'disabled' | 'advisory' | 'required';
export type AuditLevel = 'essential' | 'comprehensive';

export interface Settings {
  deletionPolicy: DeletionPolicy;
  retentionMonths: number;
  consentLevel: ConsentLevel;
  auditLevel: AuditLevel;
  timeZone: string;
  locale: string;
}

/** The settings row itself: what a writing transaction reads to decide a change. */
export async function readSettings(db: Db): Promise<Settings> {
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  if (!row) {
    await db.insert(settings).values({ id: 1 }).onConflictDoNothing();
    return readSettings(db);
  }
  return {
    deletionPolicy: row.deletionPolicy as DeletionPolicy,
    retentionMonths: row.retentionMonths,
    consentLevel: row.consentLevel as ConsentLevel,
    auditLevel: row.auditLevel as AuditLevel,
    timeZone: row.timeZone,
    locale: row.locale,
  };
}

/**
 * The settings for answering a request: from the app's cache when it has one (at most a few
 * seconds old, forgotten on every change), else the row.
 */
export function currentSettings(ctx: Ctx): Promise<Settings> {
  return ctx.settings ? ctx.settings.get(() => readSettings(ctx.db)) : readSettings(ctx.db);
}

/** How this deployment writes dates for people (shared/dates.ts). */
export const dateStyleOf = (s: Settings) => ({ timeZone: s.timeZone, locale: s.locale });

export const presentSettings = (s: Settings) => ({ ...s, retentionText: retentionText(s.retentionMonths) });

/** Any signed-in user reads the preferences (the web app needs the consent level). */
export async function getSettings(ctx: Ctx, _actor: Actor) {
  return presentSettings(await currentSettings(ctx));
}

export const pickSettings = (o: Settings, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k as keyof Settings]]));
