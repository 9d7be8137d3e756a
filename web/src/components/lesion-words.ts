import type { TFunction } from 'i18next';
import type { ImageModality, Lesion, LesionStatus } from '../api/types.ts';

export const LESION_STATUSES: readonly LesionStatus[] = ['monitoring', 'biopsied', 'excised', 'resolved'];
export const IMAGE_MODALITIES: readonly ImageModality[] = ['overview', 'clinical', 'dermoscopic'];

/** "Monitoring", "Biopsied"…: a lesion's status in words. */
export const statusLabel = (t: TFunction, status: LesionStatus) => t(`lesions:status.${status}`);

/** "Overview", "Clinical close-up", "Dermoscopic": how a photo was taken. */
export const modalityLabel = (t: TFunction, modality: ImageModality) => t(`lesions:modality.${modality}`);

/**
 * A body site's name in the app's language, by its SNOMED CT code; the display the server sent
 * stays the fallback for a code this table does not know.
 */
export const regionName = (t: TFunction, site: { code: string; display: string }) =>
  t(`lesions:regions.${site.code}`, { defaultValue: site.display });

/** "Left upper arm (back)", "Face (front)": the site in words. */
export function siteWords(t: TFunction, site: Lesion['site']): string {
  const name = regionName(t, site);
  // English writes "Left upper arm", so the sided form takes the name in lower case.
  const words = t(`lesions:site.${site.side}`, {
    name,
    lower: name.toLocaleLowerCase(),
    view: t(`lesions:view.${site.view}`),
  });
  return site.description
    ? t('lesions:site.described', { site: words, description: site.description })
    : words;
}

/** "1 year, 2 months" between two instants, for the comparison's caption. */
export function timeBetween(t: TFunction, from: string, to: string): string {
  const days = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
  if (days < 31) return t('lesions:between.days', { count: days });
  const months = Math.round(days / 30.44);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years ? t('lesions:between.years', { count: years }) : '';
  const m = rest ? t('lesions:between.months', { count: rest }) : '';
  return y && m ? t('lesions:between.yearsMonths', { years: y, months: m }) : y || m;
}
