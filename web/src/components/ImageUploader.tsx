import { Box, Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type UploadAim, uploadImage } from '../api/upload.ts';

interface Item {
  key: string;
  name: string;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'rejected';
  reason?: string;
}

/**
 * Batch upload: every file gets its own progress and, if refused, the reason. Two at a time.
 * Files can be dropped on it; on touch screens the camera opens directly.
 */
export function ImageUploader({
  patientId,
  onUploaded,
  blockedReason,
  aim,
}: {
  patientId: string;
  /** Upload into a lesion (its page): the images are linked to it as they arrive. */
  aim?: UploadAim;
  onUploaded: () => void;
  /** Why uploads are refused now (consent required and not recorded), if they are. */
  blockedReason?: string;
}) {
  const { t } = useTranslation('patient');
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  // A phone or tablet: a button that opens the camera directly (`capture`) comes first.
  const touch = useMediaQuery('(pointer: coarse)') ?? false;
  const update = (i: number, change: Partial<Item>) =>
    setItems((old) => old.map((it, j) => (j === i ? { ...it, ...change } : it)));

  async function start(files: File[]) {
    if (files.length === 0) return;
    const base = items.length;
    setItems((old) => [
      ...old,
      ...files.map((f) => ({
        key: crypto.randomUUID(),
        name: f.name,
        progress: 0,
        state: 'waiting' as const,
      })),
    ]);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        const file = files[i];
        if (!file) continue;
        update(base + i, { state: 'uploading' });
        try {
          const res = await uploadImage(patientId, file, (p) => update(base + i, { progress: p * 100 }), aim);
          const rejected = res.rejected[0];
          update(
            base + i,
            rejected ? { state: 'rejected', reason: rejected.message } : { state: 'done', progress: 100 },
          );
        } catch (err) {
          update(base + i, {
            state: 'rejected',
            reason: err instanceof Error ? err.message : t('upload.failed'),
          });
        }
        onUploaded();
      }
    };
    await Promise.all([worker(), worker()]);
  }

  const accept = 'image/*,.tif,.tiff';
  return (
    <Stack gap="xs">
      <Box
        data-testid="upload-drop"
        data-dragging={dragging || undefined}
        p="sm"
        style={{
          border: `2px dashed var(--mantine-color-${dragging ? 'vellum-6' : 'gray-4'})`,
          borderRadius: 'var(--mantine-radius-sm)',
          background: dragging ? 'var(--mantine-color-vellum-0)' : undefined,
        }}
        onDragOver={(e) => {
          if (blockedReason) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!blockedReason) void start([...e.dataTransfer.files]);
        }}
      >
        <Group>
          {touch && (
            <FileButton onChange={(f) => void start(f ? [f] : [])} accept="image/*" capture="environment">
              {(props) => (
                <Button {...props} disabled={Boolean(blockedReason)}>
                  {t('upload.takePhoto')}
                </Button>
              )}
            </FileButton>
          )}
          <FileButton onChange={start} accept={accept} multiple>
            {(props) => (
              <Button {...props} variant={touch ? 'default' : 'filled'} disabled={Boolean(blockedReason)}>
                {t('upload.upload')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c={blockedReason ? 'red.8' : 'dimmed'} style={{ flex: 1, minWidth: 180 }}>
            {blockedReason ??
              (touch ? t('upload.formats') : t('upload.dropOrChoose', { formats: t('upload.formats') }))}
          </Text>
          {items.length > 0 && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => setItems((old) => old.filter((i) => i.state === 'uploading'))}
            >
              {t('upload.clear')}
            </Button>
          )}
        </Group>
      </Box>
      {items.length > 0 && (
        <Stack gap={6} aria-label={t('upload.list')} data-testid="uploads">
          {items.map((it) => (
            <div key={it.key} data-state={it.state}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" truncate>
                  {it.name}
                </Text>
                <Text size="xs" c={it.state === 'rejected' ? 'red.8' : 'dimmed'}>
                  {it.state === 'uploading'
                    ? t('upload.progress', { percent: Math.round(it.progress) })
                    : t(`upload.state.${it.state}`, { reason: it.reason })}
                </Text>
              </Group>
              <Progress
                value={it.progress}
                color={it.state === 'rejected' ? 'red' : 'vellum'}
                size="sm"
                aria-label={t('upload.of', { name: it.name })}
              />
            </div>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
