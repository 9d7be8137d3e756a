import type { TFunction } from 'i18next';
import type { Image } from '../api/types.ts';
import { fmtDate } from '../format.ts';

/** What a photo is called on screen: its caption, else its file name. */
export const imageLabel = (im: Image) => im.caption || im.filename;

/** "Taken 10 Jan 2026" from the photo's own capture time, else when it was uploaded. */
export const takenOn = (t: TFunction, im: Image) =>
  im.capturedAt
    ? t('entry:photo.taken', { date: fmtDate(im.capturedAt) })
    : t('entry:photo.uploaded', { date: fmtDate(im.uploadedAt) });
