import { ApiError, errorText, toApiError, writeHeaders } from './client.ts';
import type { UploadResult } from './types.ts';

/**
 * Uploads one file with progress. One request per file gives each file its own progress bar and
 * its own verdict; the server accepts or rejects files one by one either way.
 */
export function uploadImage(
  patientId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/patients/${patientId}/images`);
    for (const [k, v] of Object.entries(writeHeaders('POST'))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = async () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) resolve(translated((await res.json()) as UploadResult));
      else reject(await toApiError(res));
    };
    xhr.onerror = () => reject(new ApiError(0, 'upload_interrupted', 'The upload was interrupted.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Each refused file's reason in the reader's language, found by its code. */
function translated(result: UploadResult): UploadResult {
  return {
    ...result,
    rejected: result.rejected.map((r) => ({ ...r, message: errorText(r.code, r.message) })),
  };
}
