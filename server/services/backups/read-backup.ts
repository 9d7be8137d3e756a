import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { extract as tarExtract } from 'tar-stream';
import {
  type BackupSignature,
  type BackupTrust,
  checkManifestSignature,
  parseBackupSignature,
} from '../../domain/backup-signature.ts';
import { AppError } from '../../errors.ts';
import {
  type BackupHeader,
  damaged,
  FORMAT,
  FORMAT_VERSION,
  HEADER_ENTRY,
  headerSchema,
  incomplete,
  MANIFEST_ENTRY,
  type Manifest,
  manifestSchema,
  SIGNATURE_ENTRY,
  signatureRefused,
  unrecognized,
} from './manifest.ts';

export interface ReadOptions {
  /** Whose signatures are accepted: this deployment's key, and any the operator passed. */
  trust: BackupTrust;
  /** Called with the header, the archive's first entry, before anything else is read. */
  onHeader?: (header: BackupHeader) => void | Promise<void>;
  /** Called for every entry between the header and the manifest, after its checksum is checked. */
  onEntry?: (name: string, data: Buffer) => void | Promise<void>;
  /** A manifest already verified (a second pass): each entry is checked before onEntry sees it. */
  expected?: Manifest;
}

/**
 * Reads an archive to its end and checks it whole: the header first, then every entry against the
 * manifest: same names in the same order, same sizes and SHA-256; last the manifest's signature
 * against the trusted keys. Throws backup_unrecognized, backup_incomplete, backup_damaged,
 * backup_unsigned, backup_foreign or backup_signature_invalid with a sentence a person can act on.
 */
export async function readBackup(source: Readable, options: ReadOptions): Promise<Manifest> {
  const extract = tarExtract();
  source.on('error', (err) => extract.destroy(err));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  let header: BackupHeader | undefined;
  let manifest: Manifest | undefined;
  let manifestBytes: Buffer | undefined;
  let signature: BackupSignature | undefined;
  const seen: { name: string; size: number; sha256: string }[] = [];
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      if (!header) {
        if (name !== HEADER_ENTRY) throw unrecognized(`it starts with "${name}"`);
        header = parseHeader(data);
        await options.onHeader?.(header);
        continue;
      }
      if (manifest) {
        if (name !== SIGNATURE_ENTRY || signature) throw damaged(`"${name}" follows the manifest`);
        signature = parseBackupSignature(data);
        if (!signature) throw damaged('its signature entry is malformed');
        continue;
      }
      if (name === MANIFEST_ENTRY) {
        manifest = parseManifest(data, header);
        manifestBytes = data;
        continue;
      }
      const sha256 = createHash('sha256').update(data).digest('hex');
      const index = seen.length;
      seen.push({ name, size: data.length, sha256 });
      const want = options.expected?.entries[index];
      if (options.expected && (want?.name !== name || want.sha256 !== sha256 || want.size !== data.length)) {
        throw damaged(`entry "${name}" does not match its checksum`, { entry: name });
      }
      await options.onEntry?.(name, data);
    }
  } catch (err) {
    source.destroy();
    throw translate(err, header !== undefined);
  }
  if (!header) throw unrecognized('it is empty or not a tar archive');
  if (!manifest) throw incomplete('its manifest, the last entry, is missing');
  compare(manifest, seen);
  const verdict = checkManifestSignature(manifestBytes as Buffer, signature, options.trust);
  if (!verdict.ok) throw signatureRefused(verdict, options.trust.keys[0]?.keyId);
  return manifest;
}

function parseHeader(data: Buffer): BackupHeader {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw unrecognized('its header is not JSON');
  }
  const format = (json as { format?: unknown; formatVersion?: unknown }) ?? {};
  if (format.format !== FORMAT) throw unrecognized('its header names another format');
  if (typeof format.formatVersion === 'number' && format.formatVersion > FORMAT_VERSION) {
    throw new AppError(
      422,
      'backup_format_newer',
      `The backup was written in archive format ${format.formatVersion} by a newer version of Vellum; this one reads format ${FORMAT_VERSION}. Upgrade Vellum, then restore it.`,
    );
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw damaged('its header is malformed');
  return parsed.data;
}

function parseManifest(data: Buffer, header: BackupHeader): Manifest {
  let parsed: ReturnType<typeof manifestSchema.safeParse>;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(data.toString('utf8')));
  } catch {
    throw damaged('its manifest is not JSON');
  }
  if (!parsed.success) throw damaged('its manifest is malformed');
  const m = parsed.data;
  const same =
    m.id === header.id &&
    m.createdAt === header.createdAt &&
    m.engine === header.engine &&
    m.schema.tag === header.schema.tag &&
    m.schema.index === header.schema.index;
  if (!same) throw damaged('its manifest does not belong to its header');
  return m;
}

function compare(manifest: Manifest, seen: { name: string; size: number; sha256: string }[]) {
  const listed = new Map(manifest.entries.map((e) => [e.name, e]));
  for (const entry of seen) {
    const want = listed.get(entry.name);
    if (!want) throw damaged(`entry "${entry.name}" is not in the manifest`, { entry: entry.name });
    if (want.size !== entry.size || want.sha256 !== entry.sha256) {
      throw damaged(`entry "${entry.name}" does not match its checksum`, { entry: entry.name });
    }
    listed.delete(entry.name);
  }
  const missing = [...listed.keys()];
  if (missing.length > 0) {
    throw damaged(`${missing.length} entries of the manifest are missing, first "${missing[0]}"`, {
      entry: missing[0],
    });
  }
}

function translate(err: unknown, started: boolean): Error {
  if (err instanceof AppError) return err;
  const message = (err as Error).message ?? String(err);
  if (!started && /unexpected end|invalid tar header|unknown format/i.test(message)) {
    return unrecognized('it is empty or not a tar archive');
  }
  if (/unexpected end|premature|aborted/i.test(message))
    return incomplete('it ends in the middle of an entry');
  if (/invalid tar header|unknown format|checksum/i.test(message)) {
    return started ? damaged('an entry header is corrupt') : unrecognized('it is not a tar archive');
  }
  return err as Error;
}
