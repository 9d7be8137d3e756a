import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import type { DeletedItems } from '../api/types.ts';
import { countdown, fmtDateTime } from '../format.ts';

/** The Deleted Items drawer's lesions, each with who, when, why and its countdown, and Recover. */
export function DeletedLesions({
  patientId,
  lesions,
}: {
  patientId: string;
  lesions: DeletedItems['lesions'];
}) {
  const { t } = useTranslation('lesionLifecycle');
  const client = useQueryClient();
  const recover = async (id: string) => {
    try {
      await post(`/api/lesions/${id}/restore`);
      notifications.show({ color: 'vellum', message: t('deleted.recovered') });
    } catch (err) {
      notifications.show({
        color: 'red',
        message: err instanceof ApiError ? err.message : t('deleted.notRecovered'),
      });
    }
    await Promise.all(
      [
        ['deleted-items', patientId],
        ['patient', patientId],
        ['lesions', patientId],
        ['images', patientId],
      ].map((queryKey) => client.invalidateQueries({ queryKey })),
    );
  };
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('deleted.title')}
      </Title>
      {lesions.length === 0 && <Text c="dimmed">{t('deleted.none')}</Text>}
      {lesions.map((l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap" data-testid="deleted-item">
          <div>
            <Text size="sm" fw={500}>
              {t('deleted.row', { label: l.label })}
            </Text>
            <Text size="xs" c="dimmed">
              {t(l.cascade ? 'deleted.withPatient' : 'deleted.onItsOwn', { at: fmtDateTime(l.deletedAt) })}
              {l.deletedByEmail ? ` ${t('deleted.by', { email: l.deletedByEmail })}` : ''}
              {l.reason ? ` · ${t(`reasons.${l.reason}`)}` : ''}
              {l.reasonNote ? ` (${l.reasonNote})` : ''} ·{' '}
              {l.expiresAt ? t('deleted.expires', { when: countdown(l.expiresAt) }) : t('deleted.held')}
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            onClick={() => recover(l.id)}
            aria-label={t('deleted.recoverLabel', { label: l.label })}
          >
            {t('deleted.recover')}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
