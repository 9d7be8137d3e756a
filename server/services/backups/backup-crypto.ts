import { PassThrough, Readable, type Writable } from 'node:stream';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { Decrypter, Encrypter } from 'age-encryption';
import { AppError } from '../../errors.ts';

/**
 * The key a backup is encrypted to (age, https://age-encryption.org): a passphrase, or a recipient
 * (`age1…`) whose identity (`AGE-SECRET-KEY-1…`) reads it back. From VELLUM_BACKUP_PASSPHRASE,
 * VELLUM_BACKUP_RECIPIENT and VELLUM_BACKUP_IDENTITY, or the command's options.
 */
export interface BackupKey {
  passphrase?: string;
  recipient?: string;
  identity?: string;
  /** scrypt's work factor (log2) when encrypting to a passphrase; age's default 18. */
  scryptWorkFactor?: number;
}

const AGE_MAGIC = Buffer.from('age-encryption.org/v1\n');

export const canEncrypt = (key: BackupKey | undefined) => Boolean(key?.passphrase || key?.recipient);

export const noKeyMessage =
  'No backup key is set: set VELLUM_BACKUP_PASSPHRASE (a long passphrase), or VELLUM_BACKUP_RECIPIENT ' +
  '(an age public key; keep its identity, VELLUM_BACKUP_IDENTITY, off this machine), then back up again.';

/** What the Manager and the daily backup say when the server has no key to encrypt its backups to. */
export const noServerKeyMessage =
  "No backup key is set, so the server writes no backup (stored backups are always encrypted). Set VELLUM_BACKUP_PASSPHRASE (a long passphrase) or VELLUM_BACKUP_RECIPIENT (an age public key) in the server's environment and restart it.";

/**
 * Encrypts what is written to `plain` into `out` as it streams: age works in 64 KiB chunks, so
 * memory stays flat whatever the archive's size. `done` settles when `out` has everything.
 */
export async function encryptInto(
  out: Writable,
  key: BackupKey,
): Promise<{ plain: Writable; done: Promise<void> }> {
  const e = new Encrypter();
  if (key.recipient) e.addRecipient(key.recipient);
  else if (key.passphrase) {
    e.setPassphrase(key.passphrase);
    if (key.scryptWorkFactor) e.setScryptWorkFactor(key.scryptWorkFactor);
  } else throw new AppError(422, 'backup_key_missing', noKeyMessage);
  const plain = new PassThrough({ highWaterMark: 1024 * 1024 });
  const encrypted = Readable.fromWeb(
    (await e.encrypt(Readable.toWeb(plain) as never)) as unknown as WebReadable,
  );
  const done = new Promise<void>((resolve, reject) => {
    encrypted.on('error', (err) => {
      out.destroy(err);
      reject(err);
    });
    encrypted.on('end', resolve);
  });
  done.catch(() => undefined); // the caller awaits it
  // A failed destination (a full disk, a dropped upload) must fail the writer too, not leave it
  // waiting for room in `plain` that never comes.
  out.on('error', (err) => plain.destroy(err));
  out.on('close', () => {
    if (!plain.writableFinished) plain.destroy(new Error('the backup destination closed early'));
  });
  encrypted.pipe(out, { end: false });
  return { plain, done };
}

/**
 * The archive as plain tar: an encrypted one is decrypted as it streams, a plain one passes as it
 * is. A wrong or missing key, and an altered byte anywhere, are refused with a sentence to act on.
 */
export async function openArchive(source: Readable, key: BackupKey | undefined): Promise<Readable> {
  // Peek through a stream of our own: a caller's 'data' listener (a progress bar) would otherwise
  // set the source flowing once the peek lets go, before the rest is piped, and lose those bytes.
  const input = source.pipe(new PassThrough({ highWaterMark: 1024 * 1024 }));
  source.on('error', (err) => input.destroy(err));
  const head = await peek(input, AGE_MAGIC.length);
  const rest = new PassThrough({ highWaterMark: 1024 * 1024 });
  input.on('error', (err) => rest.destroy(err));
  rest.write(head);
  input.pipe(rest);
  if (!head.equals(AGE_MAGIC)) return rest;
  const d = new Decrypter();
  if (key?.identity) d.addIdentity(key.identity);
  if (key?.passphrase) d.addPassphrase(key.passphrase);
  if (!key?.identity && !key?.passphrase) {
    throw new AppError(
      422,
      'backup_key_missing',
      'This backup is encrypted: set VELLUM_BACKUP_PASSPHRASE or VELLUM_BACKUP_IDENTITY to read it.',
    );
  }
  let web: WebReadable;
  try {
    web = (await d.decrypt(Readable.toWeb(rest) as never, 'stream' as never)) as unknown as WebReadable;
  } catch (err) {
    rest.destroy();
    throw decryptError(err);
  }
  const plain = new PassThrough({ highWaterMark: 1024 * 1024 });
  const decrypted = Readable.fromWeb(web);
  decrypted.on('error', (err) => plain.destroy(decryptError(err)));
  decrypted.pipe(plain);
  return plain;
}

function decryptError(err: unknown): AppError {
  const message = (err as Error).message ?? '';
  if (/no identity matched/.test(message)) {
    return new AppError(
      422,
      'backup_key_wrong',
      'The passphrase or identity does not open this backup: it was encrypted to another key.',
    );
  }
  return new AppError(
    422,
    'backup_damaged',
    `The backup does not decrypt (${message || 'authentication failed'}): it was altered or damaged.`,
  );
}

/** The first `n` bytes of a stream (fewer if it is shorter), read without losing the rest. */
function peek(source: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (result: Buffer | Error) => {
      source.off('readable', tryRead);
      source.off('end', atEnd);
      source.off('error', done);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const tryRead = () => {
      const chunk = source.read(n) as Buffer | null;
      if (chunk === null) return;
      // An object-mode source hands out whole chunks: give back what is past the first n bytes.
      if (chunk.length > n) source.unshift(chunk.subarray(n));
      done(chunk.subarray(0, n));
    };
    const atEnd = () => done(Buffer.alloc(0));
    source.on('readable', tryRead);
    source.on('end', atEnd);
    source.on('error', done);
  });
}
