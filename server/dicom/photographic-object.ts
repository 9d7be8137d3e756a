import dcmjs, { type DicomDataset } from 'dcmjs';
import {
  dicomDate,
  dicomDateTime,
  dicomTime,
  el,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION,
} from './elements.ts';
import type { DicomPixels } from './pixels.ts';

export const VL_PHOTOGRAPHIC_IMAGE = '1.2.840.10008.5.1.4.1.1.77.1.4';

/** Everything one VL Photographic Image object says, already mapped from Vellum's records. */
export interface PhotographicInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  patient: {
    /** Family^Given (PN), may be empty. */
    name: string;
    id: string;
    issuer: string;
    /** YYYYMMDD or empty. */
    birthDate: string;
    /** M, F, O or empty. */
    sex: string;
  };
  study: { at: Date | undefined; id: string; description: string; accessionNumber: string };
  series: { number: number; description: string };
  instanceNumber: number;
  /** When the photograph was taken, when known. */
  capturedAt: Date | undefined;
  /** When Vellum received it: the content date when the capture time is unknown. */
  uploadedAt: Date;
  caption: string;
}

/** A DICOM Part 10 file of one photograph. */
export function writePhotographicObject(instance: PhotographicInstance, pixels: DicomPixels): Buffer {
  const { patient, study, series } = instance;
  const content = instance.capturedAt ?? instance.uploadedAt;
  const meta: DicomDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': el('UI', VL_PHOTOGRAPHIC_IMAGE),
    '00020003': el('UI', instance.sopInstanceUid),
    '00020010': el('UI', pixels.transferSyntax),
    '00020012': el('UI', IMPLEMENTATION_CLASS_UID),
    '00020013': el('SH', IMPLEMENTATION_VERSION),
  };
  const ds: DicomDataset = {
    '00080005': el('CS', 'ISO_IR 192'),
    '00080008': el('CS', 'ORIGINAL', 'PRIMARY'),
    '00080012': el('DA', dicomDate(instance.uploadedAt)),
    '00080013': el('TM', dicomTime(instance.uploadedAt)),
    '00080016': el('UI', VL_PHOTOGRAPHIC_IMAGE),
    '00080018': el('UI', instance.sopInstanceUid),
    '00080020': study.at ? el('DA', dicomDate(study.at)) : el('DA'),
    '00080023': el('DA', dicomDate(content)),
    '00080030': study.at ? el('TM', dicomTime(study.at)) : el('TM'),
    '00080033': el('TM', dicomTime(content)),
    '00080050': el('SH', study.accessionNumber),
    '00080060': el('CS', 'XC'),
    '00080070': el('LO', 'Vellum'),
    '00080090': el('PN'),
    '00080201': el('SH', '+0000'),
    '00081030': el('LO', study.description),
    '0008103E': el('LO', series.description),
    '00100010': el('PN', patient.name),
    '00100020': el('LO', patient.id),
    '00100021': el('LO', patient.issuer),
    '00100030': el('DA', patient.birthDate),
    '00100040': el('CS', patient.sex),
    '00200010': el('SH', study.id),
    '00200011': el('IS', String(series.number)),
    '00200013': el('IS', String(instance.instanceNumber)),
    '00200020': el('CS'),
    // Type 2C; a body site would say which side, and Vellum records none yet.
    '00200060': el('CS'),
    '0020000D': el('UI', instance.studyInstanceUid),
    '0020000E': el('UI', instance.seriesInstanceUid),
    '00204000': el('LT', instance.caption),
    '00280002': el('US', pixels.samplesPerPixel),
    '00280004': el('CS', pixels.photometric),
    '00280010': el('US', pixels.rows),
    '00280011': el('US', pixels.columns),
    '00280100': el('US', 8),
    '00280101': el('US', 8),
    '00280102': el('US', 7),
    '00280103': el('US', 0),
    '00282110': el('CS', pixels.lossyRatio === undefined ? '00' : '01'),
    '00280301': el('CS', 'NO'),
    '00280302': el('CS', 'YES'),
    '00400555': { vr: 'SQ', Value: [] },
    '7FE00010': {
      vr: 'OB',
      Value: [toArrayBuffer(pixels.data)],
    },
  };
  if (pixels.samplesPerPixel > 1) ds['00280006'] = el('US', 0);
  if (pixels.lossyRatio !== undefined) {
    ds['00282112'] = el('DS', pixels.lossyRatio.toFixed(2));
    ds['00282114'] = el('CS', 'ISO_10918_1');
  }
  if (instance.capturedAt) ds['0008002A'] = el('DT', dicomDateTime(instance.capturedAt));
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = ds;
  return Buffer.from(dict.write({ fragmentMultiframe: false }));
}

export const toArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
