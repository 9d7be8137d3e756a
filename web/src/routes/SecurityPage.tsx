import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const history = useQuery({
    queryKey: ['my-history', user.id, page],
    queryFn: () => get<List<AuditEvent>>('/api/audit', { userId: user.id, page, pageSize: 20 }),
  });
  return (
    <Stack>
      <Title order={1}>My security</Title>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Sessions
        </Title>
        <Text size="sm">
          Signed in as {user.email}. Ending all sessions signs you out here and on every other device.
        </Text>
        {confirming ? (
          <Alert color="orange" title="End every session?">
            <Group>
              <Button
                color="orange"
                onClick={async () => {
                  await post('/api/auth/sessions/end-all');
                  forgetSession(client);
                }}
              >
                Yes, end all my sessions
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </Group>
          </Alert>
        ) : (
          <Group>
            <Button variant="light" color="orange" onClick={() => setConfirming(true)}>
              End all my sessions
            </Button>
          </Group>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Password
        </Title>
        <Text size="sm">Changing it signs you out on every other device.</Text>
        <ChangePasswordForm
          onChanged={async (ended) => {
            notifications.show({
              message: `Password changed. ${ended === 1 ? '1 other session' : `${ended} other sessions`} ended.`,
            });
            await client.invalidateQueries({ queryKey: ['my-history'] });
          }}
        />
      </Stack>
      <TwoFactorPanel />
      <LanguagePicker />
      <Title order={2} size="h3">
        My security history
      </Title>
      <AuditTable
        label="My security history"
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
