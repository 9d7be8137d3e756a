import { ApiError, errorText, toApiError, writeHeaders } from './client.ts';
import type { ImageModality, UploadResult } from './types.ts';

/** An upload aimed at a lesion: the new images are linked to it with this modality at once. */
export interface UploadAim {
  lesionId: string;
  modality: ImageModality;
}

/**
 * Uploads one file with progress. One request per file gives each file its own progress bar and
 * its own verdict; the server accepts or rejects files one by one either way.
 */
export function uploadImage(
  patientId: string,
  file: File,
  onProgress: (fraction: number) => void,
  aim?: UploadAim,
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
    // The server reads the fields before the files: they come first.
    if (aim) {
      form.append('lesionId', aim.lesionId);
      form.append('modality', aim.modality);
    }
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
