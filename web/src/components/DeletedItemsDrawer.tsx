import { Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../api/client.ts';
import type { DeletedItems } from '../api/types.ts';
import { countdown, fmtDateTime } from '../format.ts';
import { DeletedLesions } from './DeletedLesions.tsx';
import { DeletionReasonText } from './DeletionReason.tsx';
import { HistoryDrawer } from './HistoryDrawer.tsx';

/** The patient's deleted entries and images, each recoverable until its countdown runs out. */
export function DeletedItemsDrawer({
  patientId,
  opened,
  onClose,
}: {
  patientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('deleted');
  const client = useQueryClient();
  // A deleted item's history stays readable (PRODUCT.md §6): one drawer for the item asked about.
  const [history, setHistory] = useState<{ kind: 'entry' | 'image'; id: string; title: string } | null>(null);
  const items = useQuery({
    queryKey: ['deleted-items', patientId],
    queryFn: () => get<DeletedItems>(`/api/patients/${patientId}/deleted-items`),
    enabled: opened,
  });
  const recover = async (kind: 'entries' | 'images', id: string) => {
    try {
      await post(`/api/${kind}/${id}/restore`);
      notifications.show({
        color: 'vellum',
        message: kind === 'entries' ? t('items.entryRecovered') : t('items.imageRecovered'),
      });
    } catch (err) {
      notifications.show({
        color: 'red',
        message: err instanceof ApiError ? err.message : t('items.notRecovered'),
      });
    }
    await Promise.all(
      [
        ['deleted-items', patientId],
        ['patient', patientId],
        ['images', patientId],
        ['entries', patientId],
      ].map((k) => client.invalidateQueries({ queryKey: k })),
    );
  };
  const entries = items.data?.entries ?? [];
  const images = items.data?.images ?? [];
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      title={t('items.title')}
      size="md"
      closeButtonProps={{ 'aria-label': t('items.close') }}
      closeOnEscape={history === null}
    >
      <Stack>
        <Title order={3} size="h5">
          {t('items.entries')}
        </Title>
        {entries.length === 0 && <Text c="dimmed">{t('items.noEntries')}</Text>}
        {entries.map((e) => (
          <Row
            key={e.id}
            title={t('entry:page.title', { date: fmtDateTime(e.appointmentAt) })}
            deletedAt={e.deletedAt}
            deletedByEmail={e.deletedByEmail}
            cascade={e.cascade}
            expiresAt={e.expiresAt}
            why={e}
            onRecover={() => recover('entries', e.id)}
            onHistory={() =>
              setHistory({
                kind: 'entry',
                id: e.id,
                title: t('entry:page.named', { date: fmtDateTime(e.appointmentAt) }),
              })
            }
          />
        ))}
        <Title order={3} size="h5">
          {t('items.images')}
        </Title>
        {images.length === 0 && <Text c="dimmed">{t('items.noImages')}</Text>}
        {images.map((im) => (
          <Row
            key={im.id}
            title={im.caption || im.filename}
            deletedAt={im.deletedAt}
            deletedByEmail={im.deletedByEmail}
            cascade={im.cascade}
            expiresAt={im.expiresAt}
            why={im}
            onRecover={() => recover('images', im.id)}
            onHistory={() =>
              setHistory({
                kind: 'image',
                id: im.id,
                title: t('patient:photos.named', { name: im.caption || im.filename }),
              })
            }
          />
        ))}
        <DeletedLesions patientId={patientId} lesions={items.data?.lesions ?? []} />
      </Stack>
      {history && (
        <HistoryDrawer
          kind={history.kind}
          id={history.id}
          title={history.title}
          version={0}
          opened
          onClose={() => setHistory(null)}
        />
      )}
    </Drawer>
  );
}

function Row(props: {
  title: string;
  deletedAt: string;
  deletedByEmail: string | null;
  cascade: boolean;
  expiresAt: string | null;
  why: { reason: DeletedItems['entries'][number]['reason']; reasonNote: string | null };
  onRecover: () => void;
  onHistory: () => void;
}) {
  const { t } = useTranslation('deleted');
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="deleted-item">
      <div>
        <Text size="sm" fw={500}>
          {props.title}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`items.deleted.${props.cascade ? 'withPatient' : 'onItsOwn'}`, {
            context: props.deletedByEmail ? 'by' : undefined,
            date: fmtDateTime(props.deletedAt),
            email: props.deletedByEmail,
          })}{' '}
          ·{' '}
          {props.expiresAt ? t('items.expires', { countdown: countdown(props.expiresAt) }) : t('items.held')}
        </Text>
        <DeletionReasonText size="xs" reason={props.why.reason} reasonNote={props.why.reasonNote} />
      </div>
      <Group gap={4} wrap="nowrap">
        <Button
          size="xs"
          variant="subtle"
          onClick={props.onHistory}
          aria-label={t('items.historyOf', { title: props.title })}
        >
          {t('patient:actions.history')}
        </Button>
        <Button
          size="xs"
          variant="light"
          onClick={props.onRecover}
          aria-label={t('recoverNamed', { name: props.title })}
        >
          {t('common:recover')}
        </Button>
      </Group>
    </Group>
  );
}
