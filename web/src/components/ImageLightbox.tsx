import { Button, Group, Image, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Image as PoolImage } from '../api/types.ts';
import { HistoryDrawer } from './HistoryDrawer.tsx';
import { ImageLesionLink } from './ImageLesionLink.tsx';
import { RecordId } from './RecordId.tsx';

/**
 * One image of the pool large, with previous / next (buttons and the ← → keys) through the pool in
 * the order it is shown, its record ID and its history.
 */
export function ImageLightbox({
  images,
  openId,
  onOpen,
}: {
  /** The pool in display order. */
  images: PoolImage[];
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  const { t } = useTranslation('patient');
  const [history, historyCtl] = useDisclosure(false);
  const index = images.findIndex((im) => im.id === openId);
  const image = images[index];
  const previous = images[index - 1];
  const next = images[index + 1];
  useWindowEvent('keydown', (e) => {
    // Not while the history drawer is over it, nor while typing somewhere.
    if (!image || history || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    const to = e.key === 'ArrowLeft' ? previous : e.key === 'ArrowRight' ? next : undefined;
    if (!to) return;
    e.preventDefault();
    onOpen(to.id);
  });
  const name = image ? image.caption || image.filename : '';
  return (
    <Modal
      opened={Boolean(image)}
      onClose={() => onOpen(null)}
      size="xl"
      title={name}
      trapFocus={!history}
      closeOnEscape={!history}
      closeButtonProps={{ 'aria-label': t('lightbox.close') }}
    >
      {image && (
        <Stack gap="xs">
          <Image src={image.urls.preview} alt={name} fit="contain" mah="65vh" />
          <Group justify="space-between" wrap="nowrap">
            <Button
              variant="default"
              size="xs"
              onClick={() => previous && onOpen(previous.id)}
              disabled={!previous}
              aria-label={t('lightbox.previousLabel')}
            >
              ← {t('lightbox.previous')}
            </Button>
            <Stack gap={0} align="center">
              <Text size="sm" fw={500} data-testid="lightbox-caption">
                {image.caption || <i>{t('lightbox.noCaption')}</i>}
              </Text>
              <Text size="xs" c="dimmed" data-testid="lightbox-counter" aria-live="polite">
                {t('lightbox.counter', { n: index + 1, total: images.length })}
              </Text>
            </Stack>
            <Button
              variant="default"
              size="xs"
              onClick={() => next && onOpen(next.id)}
              disabled={!next}
              aria-label={t('lightbox.nextLabel')}
            >
              {t('lightbox.next')} →
            </Button>
          </Group>
          <ImageLesionLink image={image} />
          <Group justify="space-between">
            <RecordId id={image.id} />
            <Button variant="subtle" size="xs" onClick={historyCtl.open}>
              {t('actions.history')}
            </Button>
          </Group>
          <HistoryDrawer
            kind="image"
            id={image.id}
            title={t('photos.named', { name })}
            version={image.version}
            opened={history}
            onClose={historyCtl.close}
          />
        </Stack>
      )}
    </Modal>
  );
}
