// Lesions: where one sits on the body map, what state it is in, and which images may be compared.
import {
  type BodyRegion,
  type BodySide,
  type BodyView,
  locateBodySite,
  regionCodes,
} from '../../shared/body-map.ts';
import type { IMAGE_MODALITY_VALUES, LESION_STATUS_VALUES } from '../../shared/schemas/lesions.ts';

export type LesionStatus = (typeof LESION_STATUS_VALUES)[number];
export type ImageModality = (typeof IMAGE_MODALITY_VALUES)[number];

export interface BodySitePlacement {
  view: BodyView;
  /** Fractions of the view's width and height, from its top left corner. */
  x: number;
  y: number;
  /** A SNOMED CT code of the region or one of its finer sites; the point's suggestion when absent. */
  code?: string | undefined;
}

export interface BodySite {
  view: BodyView;
  x: number;
  y: number;
  region: BodyRegion;
  side: BodySide;
  code: string;
  display: string;
}

export type BodySiteCheck =
  | { ok: true; site: BodySite }
  | { ok: false; code: 'site_outside_map' | 'site_code_mismatch'; message: string };

/** A placed point becomes a site only if it lies on the body and its code belongs to that region. */
export function checkBodySite(p: BodySitePlacement): BodySiteCheck {
  const located = locateBodySite(p.view, p.x, p.y);
  if (!located) return { ok: false, code: 'site_outside_map', message: 'The point is not on the body map.' };
  const chosen = p.code ? regionCodes(located.region).find((c) => c.code === p.code) : located.suggested;
  if (!chosen)
    return {
      ok: false,
      code: 'site_code_mismatch',
      message: `The body-site code ${p.code} does not belong to the region at that point (${located.region}).`,
    };
  const site: BodySite = {
    view: p.view,
    x: p.x,
    y: p.y,
    region: located.region,
    side: located.side,
    code: chosen.code,
    display: chosen.display,
  };
  return { ok: true, site };
}

/** The next free label of the form L1, L2, …: one more than the highest such label in use. */
export function nextLesionLabel(labels: readonly string[]): string {
  let highest = 0;
  for (const label of labels) {
    const m = /^L(\d{1,6})$/.exec(label.trim());
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return `L${highest + 1}`;
}

/**
 * The default pair a lesion's timeline compares: its first and latest image of one modality
 * (dermoscopic and clinical images are never set side by side). Images come in capture order.
 */
export function defaultComparison<T extends { id: string; modality: ImageModality }>(
  images: readonly T[],
  modality?: ImageModality,
): [T, T] | null {
  const wanted =
    modality ?? (['dermoscopic', 'clinical', 'overview'] as const).find((m) => count(images, m) >= 2);
  if (!wanted) return null;
  const same = images.filter((i) => i.modality === wanted);
  const first = same[0];
  const latest = same[same.length - 1];
  return first && latest && first !== latest ? [first, latest] : null;
}

const count = (images: readonly { modality: ImageModality }[], m: ImageModality) =>
  images.filter((i) => i.modality === m).length;

/** Two images may be compared only when they were taken the same way. */
export function comparable(a: { modality: ImageModality }, b: { modality: ImageModality }): boolean {
  return a.modality === b.modality;
}

/**
 * A lesion is still there to follow while it is monitored or was only sampled (biopsied); once
 * excised or resolved it is gone from the skin, though its record and images stay.
 */
export function isActiveLesionStatus(status: LesionStatus): boolean {
  return status === 'monitoring' || status === 'biopsied';
}
