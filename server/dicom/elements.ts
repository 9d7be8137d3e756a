import type { DicomElement } from 'dcmjs';

/** One data element in dcmjs's tag-keyed form; no values means present but empty (type 2). */
export function el(vr: string, ...values: unknown[]): DicomElement {
  return values.length === 0 || values.every((v) => v === '' || v === undefined)
    ? { vr, Value: [] }
    : { vr, Value: values };
}

/** DA and TM values in UTC, the zone every stored time is in (the objects say so, 0008,0201). */
export const dicomDate = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
export const dicomTime = (d: Date) => d.toISOString().slice(11, 19).replace(/:/g, '');
export const dicomDateTime = (d: Date) => `${dicomDate(d)}${dicomTime(d)}`;

/** Vellum's implementation, named in every file's meta information. */
export const IMPLEMENTATION_CLASS_UID = '2.25.148212302462505963687666116859953011123';
export const IMPLEMENTATION_VERSION = 'VELLUM_1';
