import { Badge, Button, Group, Paper, Select, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, patch, post } from '../api/client.ts';
import { useUser } from '../api/session.tsx';
import type { Account, CreatedUser, DeletedUser, List, User, UserDeletion } from '../api/types.ts';
import { countdown, fmtDate, fmtDateTime } from '../format.ts';
import { DeletionReasonText } from './DeletionReason.tsx';
import { roleName } from './Layout.tsx';
import { NewUserForm } from './NewUserForm.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { ResetTwoFactorModal } from './ResetTwoFactorModal.tsx';
import { SecretOnce } from './SecretOnce.tsx';

/** The roles inside an account; super administrators are made only from the command line. */
const ACCOUNT_ROLES = ['admin', 'clinician', 'assistant'] as const;

/**
 * Users, a form for a new one, and deleted users that can still be restored. With `accounts`
 * (a super administrator) users of every account and the account to create in; without (an
 * account admin) the users of its own account, which the server chooses.
 */
export function UsersPanel({ accounts }: { accounts?: Account[] }) {
  const client = useQueryClient();
  const me = useUser();
  const { t } = useTranslation('admin');
  const [resetting, setResetting] = useState<User | null>(null);
  const [resettingPassword, setResettingPassword] = useState<User | null>(null);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/api/users') });
  const deleted = useQuery({
    queryKey: ['deleted-users'],
    queryFn: () => get<List<DeletedUser>>('/api/deleted/users'),
  });
  const refresh = () =>
    Promise.all(
      ['accounts', 'users', 'deleted-users'].map((k) => client.invalidateQueries({ queryKey: [k] })),
    );
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : t('layout:failed') });
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
          {t('users.title')}
        </Title>
        <DataTable
          aria-label={t('users.title')}
          withTableBorder
          striped
          minHeight={100}
          noRecordsText={t('users.none')}
          records={users.data?.items ?? []}
          columns={[
            { accessor: 'email', title: t('users.email') },
            {
              accessor: 'role',
              title: t('users.role'),
              // A role is changed here for others of an account; never one's own, never a super admin's.
              render: (u) =>
                u.id === me.id || u.role === 'super-admin' ? (
                  roleName(t, u.role)
                ) : (
                  <Select
                    size="xs"
                    w={170}
                    allowDeselect={false}
                    aria-label={t('users.roleOf', { email: u.email })}
                    data={ACCOUNT_ROLES.map((r) => ({ value: r, label: roleName(t, r) }))}
                    value={u.role}
                    onChange={(role) =>
                      role &&
                      role !== u.role &&
                      void act(
                        () => patch(`/api/users/${u.id}`, { role }),
                        () =>
                          t('users.roleChanged', { email: u.email, role: roleName(t, role as User['role']) }),
                      )()
                    }
                  />
                ),
            },
            {
              accessor: 'accountName',
              title: t('users.account'),
              hidden: !accounts,
              render: (u) => u.accountName ?? '—',
            },
            { accessor: 'createdAt', title: t('users.created'), render: (u) => fmtDate(u.createdAt) },
            {
              accessor: 'totpEnabled',
              title: t('users.twoFactor'),
              render: (u) =>
                u.totpEnabled ? (
                  <Badge variant="light" color="vellum">
                    {t('users.on')}
                  </Badge>
                ) : (
                  t('users.off')
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
                      aria-label={t('users.sendResetLabel', { email: u.email })}
                      onClick={() => setResettingPassword(u)}
                    >
                      {t('users.sendReset')}
                    </Button>
                    {u.totpEnabled && (
                      <Button
                        size="xs"
                        color="orange"
                        variant="subtle"
                        aria-label={t('users.resetTwoFactorLabel', { email: u.email })}
                        onClick={() => setResetting(u)}
                      >
                        {t('users.resetTwoFactor')}
                      </Button>
                    )}
                    <Button
                      size="xs"
                      color="red"
                      variant="subtle"
                      aria-label={t('users.deleteLabel', { email: u.email })}
                      onClick={act(
                        () => del<UserDeletion>(`/api/users/${u.id}`),
                        (r) => deletedMessage(t, u.email, r as UserDeletion),
                      )}
                    >
                      {t('common:delete')}
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
        {created?.resetUrl && (
          <SecretOnce
            title={t('users.createdWithLink', { email: created.email })}
            values={[{ id: 'reset-link', label: t('resetPassword.link'), value: created.resetUrl }]}
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
              notifications.show({ message: t('users.twoFactorOff', { email: resetting.email }) });
              await refresh();
            }}
          />
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">
          {t('users.deletedTitle')}
        </Title>
        <DataTable
          aria-label={t('users.deletedTitle')}
          withTableBorder
          minHeight={100}
          noRecordsText={t('users.noneDeleted')}
          records={deleted.data?.items ?? []}
          columns={[
            { accessor: 'email', title: t('users.email') },
            { accessor: 'deletedAt', title: t('users.deleted'), render: (u) => fmtDate(u.deletedAt) },
            {
              accessor: 'reason',
              title: t('lifecycle:reason.column'),
              render: (u) => <DeletionReasonText reason={u.reason} reasonNote={u.reasonNote} />,
            },
            {
              accessor: 'expiresAt',
              title: t('users.removedForGood'),
              render: (u) => countdown(u.expiresAt, t),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (u) => (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={t('users.restoreLabel', { email: u.email })}
                  onClick={act(
                    () => post(`/api/users/${u.id}/restore`),
                    () => t('users.restored', { email: u.email }),
                  )}
                >
                  {t('users.restore')}
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
function deletedMessage(t: TFunction, email: string, r: UserDeletion): string {
  if (r.policy === 'permanent' || !r.expiresAt) return t('users.removedMessage', { email });
  return t(`users.deletedMessage.${r.policy === 'recoverable' ? 'recoverable' : 'standard'}`, {
    email,
    until: fmtDateTime(r.expiresAt),
  });
}
