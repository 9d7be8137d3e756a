import type { Image } from '../api/types.ts';
import { fmtDate } from '../format.ts';

/** What a photo is called on screen: its caption, else its file name. */
export const imageLabel = (im: Image) => im.caption || im.filename;

/** "Taken 10 Jan 2026" from the photo's own capture time, else when it was uploaded. */
export const takenOn = (im: Image) =>
  im.capturedAt ? `Taken ${fmtDate(im.capturedAt)}` : `Uploaded ${fmtDate(im.uploadedAt)}`;
