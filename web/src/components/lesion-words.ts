import type { ImageModality, Lesion, LesionStatus } from '../api/types.ts';

export const STATUS_LABEL: Record<LesionStatus, string> = {
  monitoring: 'Monitoring',
  biopsied: 'Biopsied',
  excised: 'Excised',
  resolved: 'Resolved',
};

export const MODALITY_LABEL: Record<ImageModality, string> = {
  overview: 'Overview',
  clinical: 'Clinical close-up',
  dermoscopic: 'Dermoscopic',
};

/** "Left upper arm (back)", "Face (front)": the site in words. */
export function siteWords(site: Lesion['site']): string {
  const side = site.side === 'midline' ? '' : `${site.side === 'left' ? 'Left' : 'Right'} `;
  const name = side ? site.display.toLowerCase() : site.display;
  return `${side}${name} (${site.view})${site.description ? `: ${site.description}` : ''}`;
}

/** "1 year, 2 months" between two instants, for the comparison's caption. */
export function timeBetween(from: string, to: string): string {
  const days = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
  if (days < 31) return days === 1 ? '1 day' : `${days} days`;
  const months = Math.round(days / 30.44);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years ? `${years} ${years === 1 ? 'year' : 'years'}` : '';
  const m = rest ? `${rest} ${rest === 1 ? 'month' : 'months'}` : '';
  return [y, m].filter(Boolean).join(', ');
}
