import { Badge, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../api/client.ts';
import { useUser } from '../api/session.tsx';
import type { Account, CreatedUser, DeletedUser, List, User, UserDeletion } from '../api/types.ts';
import { countdown, fmtDate, fmtDateTime } from '../format.ts';
import { DeletionReasonText } from './DeletionReason.tsx';
import { ROLE_NAMES } from './Layout.tsx';
import { NewUserForm } from './NewUserForm.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { ResetTwoFactorModal } from './ResetTwoFactorModal.tsx';
import { SecretOnce } from './SecretOnce.tsx';

/**
 * Users, a form for a new one, and deleted users that can still be restored. With `accounts`
 * (a super administrator) users of every account and the account to create in; without (an
 * account admin) the users of its own account, which the server chooses.
 */
export function UsersPanel({ accounts }: { accounts?: Account[] }) {
  const client = useQueryClient();
  const me = useUser();
  const [resetting, setResetting] = useState<User | null>(null);
  const [resettingPassword, setResettingPassword] = useState<User | null>(null);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/api/users') });
  const { t } = useTranslation('lifecycle');
  const deleted = useQuery({
    queryKey: ['deleted-users'],
    queryFn: () => get<List<DeletedUser>>('/api/deleted/users'),
  });
  const refresh = () =>
    Promise.all(
      ['accounts', 'users', 'deleted-users'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'That did not work.' });
  const act = (action: () => Promise<unknown>, done?: (result: unknown) => string) => async () => {
    try {
      const result = await action();
      if (done) notifications.show({ message: done(result) });
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Users
        </Title>
        <DataTable
          aria-label="Users"
          withTableBorder
          striped
          minHeight={100}
          noRecordsText="No users"
          records={users.data?.items ?? []}
          columns={[
            { accessor: 'email', title: 'E-mail' },
            { accessor: 'role', title: 'Role', render: (u) => ROLE_NAMES[u.role] },
            {
              accessor: 'accountName',
              title: 'Account',
              hidden: !accounts,
              render: (u) => u.accountName ?? '—',
            },
            { accessor: 'createdAt', title: 'Created', render: (u) => fmtDate(u.createdAt) },
            {
              accessor: 'totpEnabled',
              title: 'Two-factor',
              render: (u) =>
                u.totpEnabled ? (
                  <Badge variant="light" color="vellum">
                    On
                  </Badge>
                ) : (
                  'Off'
                ),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              // One's own user is managed on My security, never from here.
              render: (u) =>
                u.id !== me.id && (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={`Send reset link to ${u.email}`}
                      onClick={() => setResettingPassword(u)}
                    >
                      Send reset link
                    </Button>
                    {u.totpEnabled && (
                      <Button
                        size="xs"
                        color="orange"
                        variant="subtle"
                        aria-label={`Reset two-factor of ${u.email}`}
                        onClick={() => setResetting(u)}
                      >
                        Reset two-factor
                      </Button>
                    )}
                    <Button
                      size="xs"
                      color="red"
                      variant="subtle"
                      aria-label={`Delete user ${u.email}`}
                      onClick={act(
                        () => del<UserDeletion>(`/api/users/${u.id}`),
                        (r) => deletedMessage(u.email, r as UserDeletion),
                      )}
                    >
                      Delete
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
        {created?.resetUrl && (
          <SecretOnce
            title={`${created.email} created: hand over this link to choose a password (valid 24 hours)`}
            values={[{ label: 'Reset link', value: created.resetUrl }]}
            onDone={() => setCreated(null)}
          />
        )}
        <NewUserForm
          accounts={accounts}
          onCreated={async (user) => {
            setCreated(user);
            await refresh();
          }}
          onError={fail}
        />
        {resettingPassword && (
          <ResetPasswordModal user={resettingPassword} onClose={() => setResettingPassword(null)} />
        )}
        {resetting && (
          <ResetTwoFactorModal
            user={resetting}
            onClose={() => setResetting(null)}
            onDone={async () => {
              notifications.show({ message: `Two-factor sign-in of ${resetting.email} is off.` });
              await refresh();
            }}
          />
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          Deleted users
        </Title>
        <DataTable
          aria-label="Deleted users"
          withTableBorder
          minHeight={100}
          noRecordsText="No deleted users"
          records={deleted.data?.items ?? []}
          columns={[
            { accessor: 'email', title: 'E-mail' },
            { accessor: 'deletedAt', title: 'Deleted', render: (u) => fmtDate(u.deletedAt) },
            {
              accessor: 'reason',
              title: t('reason.column'),
              render: (u) => <DeletionReasonText reason={u.reason} reasonNote={u.reasonNote} />,
            },
            { accessor: 'expiresAt', title: 'Removed for good', render: (u) => countdown(u.expiresAt) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (u) => (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Restore user ${u.email}`}
                  onClick={act(
                    () => post(`/api/users/${u.id}/restore`),
                    () => `${u.email} restored: it signs in again with its password.`,
                  )}
                >
                  Restore
                </Button>
              ),
            },
          ]}
        />
      </Paper>
    </Stack>
  );
}

/** What deleting did, in the words of the deletion policy it followed. */
function deletedMessage(email: string, r: UserDeletion): string {
  if (r.policy === 'permanent' || !r.expiresAt) {
    return `${email} removed for good (Permanent deletion policy); it cannot be restored.`;
  }
  const policy = r.policy === 'recoverable' ? 'Recoverable' : 'Standard';
  return `${email} deleted (${policy} deletion policy): it cannot sign in, and can be restored until ${fmtDateTime(r.expiresAt)}.`;
}
