import { Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { Account, List } from '../api/types.ts';
import { ManagerAccounts } from './ManagerAccounts.tsx';
import { UsersPanel } from './UsersPanel.tsx';

/** The super administrator's accounts and users of every account. */
export function ManagerUsers() {
  const client = useQueryClient();
  const { t } = useTranslation('layout');
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => get<List<Account>>('/api/accounts') });
  const refresh = () =>
    Promise.all(
      ['accounts', 'users', 'deleted-users'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : t('failed') });
  return (
    <Stack>
      <ManagerAccounts onChanged={refresh} onError={fail} />
      <UsersPanel accounts={accounts.data?.items ?? []} />
    </Stack>
  );
}
