import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../api/client.ts';
import type { List } from '../api/types.ts';
import { fmtDateTime } from '../format.ts';
import { SecretOnce } from './SecretOnce.tsx';

interface Credential {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Personal tokens: when it stops working (null: never). */
  expiresAt?: string | null;
  clientId?: string;
  /** OAuth clients: their SMART scopes (null: the user's own rights). */
  scopes?: string | null;
}

/** More fields of the create form (an OAuth client's keys and scopes) and what they add to the body. */
export interface ExtraFields {
  fields: ReactNode;
  body(): Record<string, unknown>;
  reset(): void;
}

/**
 * One kind of credential of the signed-in user (personal API tokens or OAuth clients): the list,
 * a form that creates one and shows its secret once, and revoking with a confirmation.
 */
export function CredentialsPanel<C extends Credential>(props: {
  /** Its words are `admin:credentials.<kind>.*`. */
  kind: 'token' | 'client';
  path: string;
  secrets: (created: C & Record<string, string>) => { id: string; label: string; value: string }[];
  extra?: ExtraFields;
}) {
  const client = useQueryClient();
  const { t } = useTranslation('admin');
  const words = (key: string, values?: Record<string, unknown>) =>
    t(`credentials.${props.kind}.${key}`, values ?? {});
  const list = useQuery({ queryKey: [props.path], queryFn: () => get<List<C>>(props.path) });
  const [name, setName] = useState('');
  const [shown, setShown] = useState<{ id: string; label: string; value: string }[] | null>(null);
  const [revoking, setRevoking] = useState<C | null>(null);
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : t('layout:failed') });

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      const created = await post<C & Record<string, string>>(props.path, { name, ...props.extra?.body() });
      setName('');
      props.extra?.reset();
      setShown(props.secrets(created));
      await client.invalidateQueries({ queryKey: [props.path] });
    } catch (err) {
      fail(err);
    }
  }
  async function revoke(c: C) {
    try {
      await del(`${props.path}/${c.id}`);
      setRevoking(null);
      notifications.show({ message: words('revoked', { name: c.name }) });
      await client.invalidateQueries({ queryKey: [props.path] });
    } catch (err) {
      fail(err);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {words('title')}
        </Title>
        <Text size="sm">{words('description')}</Text>
        {shown && <SecretOnce title={words('new')} values={shown} onDone={() => setShown(null)} />}
        <DataTable
          aria-label={words('title')}
          withTableBorder
          minHeight={100}
          noRecordsText={words('none')}
          records={list.data?.items ?? []}
          columns={[
            { accessor: 'name', title: t('credentials.name') },
            {
              accessor: 'clientId',
              title: t('credentials.clientId'),
              hidden: !list.data?.items.some((c) => c.clientId),
            },
            {
              accessor: 'scopes',
              title: t('credentials.scopes'),
              hidden: !list.data?.items.some((c) => c.scopes),
              render: (c) => c.scopes ?? t('credentials.yourRights'),
            },
            {
              accessor: 'createdAt',
              title: t('credentials.created'),
              render: (c) => fmtDateTime(c.createdAt),
            },
            {
              accessor: 'lastUsedAt',
              title: t('credentials.lastUsed'),
              render: (c) => fmtDateTime(c.lastUsedAt),
            },
            {
              accessor: 'expiresAt',
              title: t('credentials.expires'),
              hidden: !list.data?.items.some((c) => c.expiresAt !== undefined),
              render: (c) => (c.expiresAt ? fmtDateTime(c.expiresAt) : t('credentials.never')),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (c) => (
                <Button
                  size="xs"
                  color="red"
                  variant="subtle"
                  aria-label={words('revoke', { name: c.name })}
                  onClick={() => setRevoking(c)}
                >
                  {t('credentials.revokeButton')}
                </Button>
              ),
            },
          ]}
        />
        <form onSubmit={create}>
          <Group align="flex-end">
            {props.extra?.fields}
            <TextInput
              label={words('newName')}
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit" disabled={!name.trim()}>
              {words('create')}
            </Button>
          </Group>
        </form>
      </Stack>
      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={words('revoke', { name: revoking?.name ?? '' })}
        closeButtonProps={{ 'aria-label': t('common:close') }}
      >
        <Stack>
          <Text size="sm">{t('credentials.revokeText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('common:cancel')}
            </Button>
            <Button color="red.8" onClick={() => revoking && revoke(revoking)}>
              {t('credentials.revokeButton')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
