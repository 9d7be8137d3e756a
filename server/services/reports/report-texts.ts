import { eq } from 'drizzle-orm';
import { type DateStyle, inLanguage } from '../../../shared/dates.ts';
import { isLanguage, type Language } from '../../../shared/languages.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { Actor } from '../context.ts';

// The PDF report's fixed texts in each language Vellum speaks; the values (names, dates, notes)
// are the record's own. A new language adds one table here.
export interface ReportTexts {
  title: (uniqueId: string) => string;
  patient: (uniqueId: string) => string;
  born: (date: string) => string;
  made: (when: string, timeZone: string, by: string) => string;
  noEntries: string;
  entry: (when: string) => string;
}

const TEXTS: Record<Language, ReportTexts> = {
  en: {
    title: (id) => `Vellum report ${id}`,
    patient: (id) => `Patient ${id}`,
    born: (date) => `Born ${date}`,
    made: (when, zone, by) => `Report made ${when} (${zone}) by ${by}`,
    noEntries: 'No clinical entries.',
    entry: (when) => `Entry of ${when}`,
  },
  fr: {
    title: (id) => `Rapport Vellum ${id}`,
    patient: (id) => `Patient ${id}`,
    born: (date) => `Né(e) le ${date}`,
    made: (when, zone, by) => `Rapport établi le ${when} (${zone}) par ${by}`,
    noEntries: 'Aucune consultation clinique.',
    entry: (when) => `Consultation du ${when}`,
  },
};

/**
 * The language a report is written in: the requesting user's own choice, else the language of the
 * deployment's locale when Vellum speaks it, else English; dates in it with the deployment's zone.
 */
export async function reportLanguage(db: Db, actor: Actor, deployment: DateStyle) {
  const [row] = await db.select({ language: users.language }).from(users).where(eq(users.id, actor.userId));
  const deploymentLanguage = deployment.locale.split('-')[0]?.toLowerCase() ?? '';
  const chosen = row?.language ?? deploymentLanguage;
  const language: Language = isLanguage(chosen) ? chosen : 'en';
  return { language, texts: TEXTS[language], dates: inLanguage(deployment, language) };
}
