import { Alert, Badge, Button, Group, List, Paper, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, useState } from 'react';
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
  const [accountName, setAccountName] = useState('');
  const [deleting, setDeleting] = useState<Account | null>(null);

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">
        Accounts
      </Title>
      <DataTable
        aria-label="Accounts"
        withTableBorder
        minHeight={100}
        noRecordsText="No accounts"
        records={accounts.data?.items ?? []}
        columns={[
          {
            accessor: 'name',
            title: 'Account',
            render: (a) => (
              <Group gap="xs">
                {a.name}
                {a.deleting && (
                  <Badge color="red" variant="light">
                    Deletion unfinished
                  </Badge>
                )}
              </Group>
            ),
          },
          { accessor: 'userCount', title: 'Users', textAlign: 'right' },
          { accessor: 'createdAt', title: 'Created', render: (a) => fmtDate(a.createdAt) },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (a) => (
              <Button
                size="xs"
                color="red"
                variant="subtle"
                aria-label={`Delete account ${a.name}`}
                onClick={() => setDeleting(a)}
              >
                Delete
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
            label="New account name"
            value={accountName}
            onChange={(e) => setAccountName(e.currentTarget.value)}
          />
          <Button type="submit" disabled={accountName.trim().length < 2}>
            Create account
          </Button>
        </Group>
      </form>
      {deleting && (
        <ConfirmPhraseModal
          opened
          onClose={() => setDeleting(null)}
          title={`Delete account ${deleting.name}`}
          phrase={`delete account ${deleting.name}`}
          action="Delete the account for good"
          onConfirm={async (confirmation) => {
            const r = await del<AccountDeletion>(`/api/accounts/${deleting.id}`, { confirmation });
            const d = r.deleted;
            notifications.show({
              message: `Account ${deleting.name} deleted: ${d.patients} patients, ${d.entries} entries, ${d.images} images, ${d.users} users, ${d.files} files and ${d.logs} log entries removed.`,
            });
            setDeleting(null);
            await onChanged();
          }}
        >
          <Alert color="red" title="Permanent, whatever the deletion policy">
            <Text size="sm">This removes at once and for good:</Text>
            <List size="sm" mt={4}>
              <List.Item>
                every patient, entry, image and consent of the account, with their history;
              </List.Item>
              <List.Item>every stored file (photos, previews, signatures);</List.Item>
              <List.Item>records deleted earlier that could still be recovered;</List.Item>
              <List.Item>its activity log (the chain keeps one deletion event);</List.Item>
              <List.Item>
                its {deleting.userCount} user{deleting.userCount === 1 ? '' : 's'}: no one can sign in to it
                again.
              </List.Item>
            </List>
            <Text size="sm" mt={4}>
              Nothing can recover it except restoring a backup.
            </Text>
          </Alert>
        </ConfirmPhraseModal>
      )}
    </Paper>
  );
}
