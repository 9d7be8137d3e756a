import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import { forgetSession, useUser } from '../api/session.tsx';
import type { AuditEvent, List } from '../api/types.ts';
import { AuditTable } from '../components/AuditTable.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';
import { LanguagePicker } from '../components/LanguagePicker.tsx';
import { TwoFactorPanel } from '../components/TwoFactorPanel.tsx';

/** The signed-in user's sessions, two-factor sign-in and own security history. */
export function SecurityPage() {
  const user = useUser();
  const client = useQueryClient();
  const { t } = useTranslation('security');
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const history = useQuery({
    queryKey: ['my-history', user.id, page],
    queryFn: () => get<List<AuditEvent>>('/api/audit', { userId: user.id, page, pageSize: 20 }),
  });
  return (
    <Stack>
      <Title order={1}>{t('title')}</Title>
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('sessions.title')}
        </Title>
        <Text size="sm">{t('sessions.text', { email: user.email })}</Text>
        {confirming ? (
          <Alert color="orange" title={t('sessions.confirmTitle')}>
            <Group>
              <Button
                color="orange"
                onClick={async () => {
                  await post('/api/auth/sessions/end-all');
                  forgetSession(client);
                }}
              >
                {t('sessions.confirm')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common:cancel')}
              </Button>
            </Group>
          </Alert>
        ) : (
          <Group>
            <Button variant="light" color="orange" onClick={() => setConfirming(true)}>
              {t('sessions.endAll')}
            </Button>
          </Group>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('password.title')}
        </Title>
        <Text size="sm">{t('password.text')}</Text>
        <ChangePasswordForm
          onChanged={async (ended) => {
            notifications.show({
              message: t('password.changed', { count: ended }),
            });
            await client.invalidateQueries({ queryKey: ['my-history'] });
          }}
        />
      </Stack>
      <TwoFactorPanel />
      <LanguagePicker />
      <Title order={2} size="h3">
        {t('history')}
      </Title>
      <AuditTable
        label={t('history')}
        events={history.data?.items ?? []}
        total={history.data?.total ?? 0}
        page={page}
        pageSize={20}
        onPage={setPage}
        fetching={history.isFetching}
      />
    </Stack>
  );
}
