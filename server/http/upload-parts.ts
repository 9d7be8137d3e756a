import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { AppError } from '../errors.ts';
import type { UploadPart } from '../services/images/upload-images.ts';

interface Limits {
  fileSize: number;
  files: number;
  fields: number;
}

/**
 * Reads a multipart upload's form fields, which come before its files, then hands on the files as
 * they stream in. A field after a file is refused (400 `field_after_files`) before it is read:
 * the images before it would otherwise be stored without what it says.
 */
export async function readUploadParts(request: FastifyRequest, limits: Limits) {
  // A file cut at the size limit is refused in its place (truncated), not by failing the batch;
  // parts() takes the same options as files(), though its type does not say so.
  const options = { limits, throwFileSizeLimit: false } as Parameters<typeof request.parts>[0];
  const parts = request.parts(options)[Symbol.asyncIterator]();
  const fields: Record<string, unknown> = {};
  let first: Awaited<ReturnType<typeof parts.next>>;
  for (;;) {
    first = await parts.next();
    if (first.done || first.value.type === 'file') break;
    fields[first.value.fieldname] = first.value.value;
  }
  const head = first.done || first.value.type !== 'file' ? undefined : first.value;
  const files = (async function* (): AsyncGenerator<UploadPart> {
    try {
      if (!head) return;
      yield { filename: head.filename, stream: head.file };
      for (let next = await parts.next(); !next.done; next = await parts.next()) {
        const part = next.value;
        if (part.type !== 'file')
          throw new AppError(
            400,
            'field_after_files',
            `The form field ${part.fieldname.slice(0, 40)} came after a file: send the fields first.`,
          );
        yield { filename: part.filename, stream: part.file };
      }
    } catch (err) {
      if ((err as { code?: string }).code !== 'FST_FILES_LIMIT') throw err;
      // Parts past the limit are not read: one rejection stands for all of them.
      yield { filename: `files after the ${limits.files}th`, stream: Readable.from([]) };
    }
  })();
  return { fields, files };
}

/** A form's field errors as the contract names them: the field, or the unknown field itself. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || 'form'];
    for (const key of keys)
      fields[key] ??= issue.code === 'unrecognized_keys' ? 'Unknown field.' : issue.message;
  }
  return fields;
}
