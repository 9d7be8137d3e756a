import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Image,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../api/client.ts';
import type { DicomStatus, List, Image as PoolImage } from '../api/types.ts';
import { fmtDate } from '../format.ts';
import { DeleteItemModal } from './DeleteItemModal.tsx';
import { ImageLightbox } from './ImageLightbox.tsx';
import { TagChips, TagPicker } from './Tags.tsx';
import { showDeletedWithUndo } from './undo-toast.tsx';

export const useImages = (patientId: string, enabled = true) =>
  useQuery({
    queryKey: ['images', patientId],
    queryFn: () => get<List<PoolImage>>(`/api/patients/${patientId}/images`),
    enabled,
  });

/** Groups images by their capture (or upload) day, newest day first. */
export function byDay(images: PoolImage[]): [string, PoolImage[]][] {
  const groups = new Map<string, PoolImage[]>();
  for (const im of images) groups.set(im.day, [...(groups.get(im.day) ?? []), im]);
  return [...groups].sort(([a], [b]) => b.localeCompare(a));
}

/** The patient's image pool: grouped by day, each with caption, tags, preview and delete. */
export function ImagePool({
  patientId,
  canDelete,
  pacs,
}: {
  patientId: string;
  canDelete: boolean;
  /** The last answer of the PACS, for a badge on each image. */
  pacs?: DicomStatus;
}) {
  const { t } = useTranslation('patient');
  const images = useImages(patientId);
  const [open, setOpen] = useState<string | null>(null);
  const items = images.data?.items ?? [];
  if (images.isPending)
    return <Skeleton h={120} aria-label={t('photos.loading')} data-testid="images-loading" />;
  if (items.length === 0) return <Text c="dimmed">{t('photos.empty')}</Text>;
  const days = byDay(items);
  return (
    <Stack>
      {days.map(([day, list]) => (
        <section key={day} aria-label={t('photos.ofDay', { date: fmtDate(day) })}>
          <Title order={3} size="h5" mb={6}>
            {fmtDate(day)}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
            {list.map((im) => (
              <ImageCard
                key={im.id}
                image={im}
                canDelete={canDelete}
                inPacs={
                  pacs?.reachable ? pacs.images.some((i) => i.imageId === im.id && i.inPacs) : undefined
                }
                onOpen={() => setOpen(im.id)}
              />
            ))}
          </SimpleGrid>
        </section>
      ))}
      <ImageLightbox images={days.flatMap(([, list]) => list)} openId={open} onOpen={setOpen} />
    </Stack>
  );
}

function ImageCard({
  image,
  canDelete,
  inPacs,
  onOpen,
}: {
  image: PoolImage;
  canDelete: boolean;
  inPacs: boolean | undefined;
  onOpen: () => void;
}) {
  const { t } = useTranslation('patient');
  const client = useQueryClient();
  const [caption, setCaption] = useState(image.caption);
  const [editingTags, setEditingTags] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['images', image.patientId] }),
      client.invalidateQueries({ queryKey: ['patient', image.patientId] }),
      client.invalidateQueries({ queryKey: ['deleted-items', image.patientId] }),
    ]);
  const save = async (change: { caption?: string; tagIds?: string[] }) => {
    try {
      await patch(`/api/images/${image.id}`, change);
      if (change.caption !== undefined)
        notifications.show({ color: 'vellum', message: t('photos.captionSaved') });
    } catch (err) {
      notifications.show({
        color: 'red',
        title: t('photos.notSaved'),
        message: err instanceof Error ? err.message : '',
      });
    }
    await refresh();
  };
  return (
    <Card withBorder padding="xs" data-testid="pool-image">
      <Card.Section>
        <button
          type="button"
          onClick={onOpen}
          aria-label={t('photos.preview', { name: image.caption || image.filename })}
          style={{ border: 0, padding: 0, background: 'none', cursor: 'zoom-in', width: '100%' }}
        >
          <Image src={image.urls.thumbnail} alt={image.caption || image.filename} h={120} fit="cover" />
        </button>
      </Card.Section>
      <Stack gap={4} mt={6}>
        <TextInput
          size="xs"
          label={t('photos.caption')}
          aria-label={t('photos.captionOf', { name: image.filename })}
          value={caption}
          onChange={(e) => setCaption(e.currentTarget.value)}
          onBlur={() => caption !== image.caption && save({ caption })}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
        {inPacs !== undefined && (
          <Badge size="xs" color={inPacs ? 'green' : 'gray'} variant="light" data-testid="pacs-badge">
            {inPacs ? t('photos.inPacs') : t('photos.notInPacs')}
          </Badge>
        )}
        {editingTags ? (
          <TagPicker
            label={t('photos.tags')}
            value={image.tagIds}
            onChange={(ids) => save({ tagIds: ids })}
          />
        ) : (
          <TagChips ids={image.tagIds} />
        )}
        <Group gap={4} justify="space-between">
          <Button
            size="compact-xs"
            variant="subtle"
            aria-label={t(editingTags ? 'photos.tagsDoneOf' : 'photos.tagsOf', { name: image.filename })}
            onClick={() => setEditingTags((v) => !v)}
          >
            {editingTags ? t('photos.tagsDone') : t('photos.tagsButton')}
          </Button>
          <Button
            component="a"
            size="compact-xs"
            variant="subtle"
            href={`/api/images/${image.id}/dicom`}
            download
            aria-label={t('photos.dicomOf', { name: image.filename })}
          >
            {t('photos.dicom')}
          </Button>
          {canDelete && (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('photos.deleteOf', { name: image.filename })}
              onClick={() => setDeleting(true)}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      </Stack>
      {canDelete && (
        <DeleteItemModal
          kind="image"
          id={image.id}
          title={t('photos.named', { name: image.caption || image.filename })}
          opened={deleting}
          onClose={() => setDeleting(false)}
          onDeleted={async (r) => {
            setDeleting(false);
            if (r.expiresAt) {
              showDeletedWithUndo({
                message: t('photos.deleted', { date: fmtDate(r.expiresAt) }),
                undoLabel: t('photos.undoLabel', { name: image.filename }),
                undo: async () => {
                  await post(`/api/images/${image.id}/restore`);
                  await refresh();
                },
                undone: t('photos.undone', { name: image.filename }),
              });
            } else {
              notifications.show({ message: t('photos.removed') });
            }
            await refresh();
          }}
        />
      )}
    </Card>
  );
}
