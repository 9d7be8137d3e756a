import dcmjs, { type DicomDataset } from 'dcmjs';
import { el, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION } from './elements.ts';

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const RECORD_SEQUENCE = [0x04, 0x00, 0x20, 0x12];

export interface DirectoryPatient {
  name: string;
  id: string;
  studies: Array<{
    uid: string;
    date: string;
    time: string;
    description: string;
    id: string;
    accessionNumber: string;
    series: Array<{
      uid: string;
      number: number;
      images: Array<{
        /** Path components inside the file set, each at most 8 of A-Z 0-9 _. */
        fileId: string[];
        sopClassUid: string;
        sopInstanceUid: string;
        transferSyntax: string;
        number: number;
      }>;
    }>;
  }>;
}

interface DirRecord {
  item: DicomDataset;
  /** Indexes, in the record list, of the next sibling and of the first child. */
  next?: number;
  lower?: number;
}

/**
 * A DICOMDIR (PS3.10 media directory) for one patient's file set. Offsets are positions of records
 * in the file itself, so the file is written once with zero offsets, the records are found in it,
 * and it is written again with their positions (the offsets are fixed-size, nothing moves).
 */
export function writeDicomdir(fileSetUid: string, patient: DirectoryPatient): Buffer {
  const records: DirRecord[] = [];
  const add = (item: DicomDataset) => records.push({ item }) - 1;
  const link = (indexes: number[], parent?: DirRecord) => {
    if (parent && indexes.length) parent.lower = indexes[0];
    indexes.forEach((r, i) => {
      const record = records[r];
      if (record && i + 1 < indexes.length) record.next = indexes[i + 1];
    });
  };
  const p = add({
    '00041430': el('CS', 'PATIENT'),
    '00080005': el('CS', 'ISO_IR 192'),
    '00100010': el('PN', patient.name),
    '00100020': el('LO', patient.id),
  });
  const studies = patient.studies.map((s) => {
    const st = add({
      '00041430': el('CS', 'STUDY'),
      '00080005': el('CS', 'ISO_IR 192'),
      '00080020': el('DA', s.date),
      '00080030': el('TM', s.time),
      '00080050': el('SH', s.accessionNumber),
      '00081030': el('LO', s.description),
      '0020000D': el('UI', s.uid),
      '00200010': el('SH', s.id),
    });
    const series = s.series.map((se) => {
      const sr = add({
        '00041430': el('CS', 'SERIES'),
        '00080060': el('CS', 'XC'),
        '0020000E': el('UI', se.uid),
        '00200011': el('IS', String(se.number)),
      });
      const images = se.images.map((im) =>
        add({
          '00041430': el('CS', 'IMAGE'),
          '00041500': el('CS', ...im.fileId),
          '00041510': el('UI', im.sopClassUid),
          '00041511': el('UI', im.sopInstanceUid),
          '00041512': el('UI', im.transferSyntax),
          '00200013': el('IS', String(im.number)),
        }),
      );
      link(images, records[sr]);
      return sr;
    });
    link(series, records[st]);
    return st;
  });
  link(studies, records[p]);

  const write = (offsets: number[]) => {
    const item = (r: DirRecord): DicomDataset => ({
      '00041400': el('UL', r.next === undefined ? 0 : (offsets[r.next] ?? 0)),
      '00041410': el('US', 0xffff),
      '00041420': el('UL', r.lower === undefined ? 0 : (offsets[r.lower] ?? 0)),
      ...r.item,
    });
    const dict = new dcmjs.data.DicomDict({
      '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
      '00020002': el('UI', MEDIA_STORAGE_DIRECTORY),
      '00020003': el('UI', fileSetUid),
      '00020010': el('UI', '1.2.840.10008.1.2.1'),
      '00020012': el('UI', IMPLEMENTATION_CLASS_UID),
      '00020013': el('SH', IMPLEMENTATION_VERSION),
    });
    dict.dict = {
      '00041130': el('CS', 'VELLUM'),
      '00041200': el('UL', offsets[p] ?? 0),
      '00041202': el('UL', offsets[p] ?? 0),
      '00041212': el('US', 0),
      '00041220': { vr: 'SQ', Value: records.map(item) },
    };
    return Buffer.from(dict.write());
  };
  const draft = write(records.map(() => 0));
  const positions = recordPositions(draft);
  if (positions.length !== records.length) throw new Error('DICOMDIR: records not found where written');
  return write(positions);
}

/** Where each item of the directory record sequence starts (records hold no nested sequences). */
function recordPositions(file: Buffer): number[] {
  let i = file.indexOf(Buffer.from([...RECORD_SEQUENCE, 0x53, 0x51, 0, 0]), 132);
  if (i < 0) return [];
  i += 12;
  const positions: number[] = [];
  const itemEnd = Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]);
  while (file.readUInt16LE(i) === 0xfffe && file.readUInt16LE(i + 2) === 0xe000) {
    positions.push(i);
    const end = file.indexOf(itemEnd, i + 8);
    if (end < 0) break;
    i = end + 8;
  }
  return positions;
}
