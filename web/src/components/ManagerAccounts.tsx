import { Alert, Badge, Button, Group, List, Paper, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../api/client.ts';
import type { Account, AccountDeletion, List as ApiList } from '../api/types.ts';
import { fmtDate } from '../format.ts';
import { ConfirmPhraseModal } from './ConfirmPhraseModal.tsx';

/** The deployment's accounts: create one, or delete one for good with its typed phrase. */
export function ManagerAccounts({
  onChanged,
  onError,
}: {
  onChanged: () => Promise<unknown>;
  onError: (e: unknown) => void;
}) {
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: () => get<ApiList<Account>>('/api/accounts'),
  });
  const { t } = useTranslation('manager');
  const [accountName, setAccountName] = useState('');
  const [deleting, setDeleting] = useState<Account | null>(null);

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        {t('accounts.title')}
      </Title>
      <DataTable
        aria-label={t('accounts.title')}
        withTableBorder
        minHeight={100}
        noRecordsText={t('accounts.none')}
        records={accounts.data?.items ?? []}
        columns={[
          {
            accessor: 'name',
            title: t('accounts.account'),
            render: (a) => (
              <Group gap="xs">
                {a.name}
                {a.deleting && (
                  <Badge color="red" variant="light">
                    {t('accounts.deletionUnfinished')}
                  </Badge>
                )}
              </Group>
            ),
          },
          { accessor: 'userCount', title: t('accounts.users'), textAlign: 'right' },
          { accessor: 'createdAt', title: t('accounts.created'), render: (a) => fmtDate(a.createdAt) },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (a) => (
              <Button
                size="xs"
                color="red"
                variant="subtle"
                aria-label={t('accounts.deleteLabel', { name: a.name })}
                onClick={() => setDeleting(a)}
              >
                {t('common:delete')}
              </Button>
            ),
          },
        ]}
      />
      <form
        onSubmit={async (e: FormEvent) => {
          e.preventDefault();
          try {
            await post('/api/accounts', { name: accountName });
            setAccountName('');
            await onChanged();
          } catch (err) {
            onError(err);
          }
        }}
      >
        <Group align="flex-end" mt="sm">
          <TextInput
            label={t('accounts.newName')}
            value={accountName}
            onChange={(e) => setAccountName(e.currentTarget.value)}
          />
          <Button type="submit" disabled={accountName.trim().length < 2}>
            {t('accounts.create')}
          </Button>
        </Group>
      </form>
      {deleting && (
        <ConfirmPhraseModal
          opened
          onClose={() => setDeleting(null)}
          title={t('accounts.deleteLabel', { name: deleting.name })}
          phrase={`delete account ${deleting.name}`}
          action={t('accounts.deleteAction')}
          onConfirm={async (confirmation) => {
            const r = await del<AccountDeletion>(`/api/accounts/${deleting.id}`, { confirmation });
            const d = r.deleted;
            notifications.show({
              message: t('accounts.deleted', { name: deleting.name, ...d }),
            });
            setDeleting(null);
            await onChanged();
          }}
        >
          <Alert color="red" title={t('permanentTitle')}>
            <Text size="sm">{t('accounts.removes')}</Text>
            <List size="sm" mt={4}>
              <List.Item>{t('accounts.removesRecords')}</List.Item>
              <List.Item>{t('accounts.removesFiles')}</List.Item>
              <List.Item>{t('accounts.removesDeleted')}</List.Item>
              <List.Item>{t('accounts.removesLog')}</List.Item>
              <List.Item>{t('accounts.removesUsers', { count: deleting.userCount })}</List.Item>
            </List>
            <Text size="sm" mt={4}>
              {t('onlyBackup')}
            </Text>
          </Alert>
        </ConfirmPhraseModal>
      )}
    </Paper>
  );
}
