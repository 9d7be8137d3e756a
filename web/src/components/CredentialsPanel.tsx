import { Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { type FormEvent, type ReactNode, useState } from 'react';
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
  title: string;
  kind: string;
  description: string;
  path: string;
  createLabel: string;
  secrets: (created: C & Record<string, string>) => { label: string; value: string }[];
  extra?: ExtraFields;
}) {
  const client = useQueryClient();
  const list = useQuery({ queryKey: [props.path], queryFn: () => get<List<C>>(props.path) });
  const [name, setName] = useState('');
  const [shown, setShown] = useState<{ label: string; value: string }[] | null>(null);
  const [revoking, setRevoking] = useState<C | null>(null);
  const fail = (err: unknown) =>
    notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'That did not work.' });

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
      notifications.show({ message: `${props.kind} ${c.name} revoked.` });
      await client.invalidateQueries({ queryKey: [props.path] });
    } catch (err) {
      fail(err);
    }
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {props.title}
        </Title>
        <Text size="sm">{props.description}</Text>
        {shown && (
          <SecretOnce
            title={`New ${props.kind.toLowerCase()}`}
            values={shown}
            onDone={() => setShown(null)}
          />
        )}
        <DataTable
          aria-label={props.title}
          withTableBorder
          minHeight={100}
          noRecordsText={`No ${props.title.toLowerCase()}`}
          records={list.data?.items ?? []}
          columns={[
            { accessor: 'name', title: 'Name' },
            { accessor: 'clientId', title: 'Client ID', hidden: !list.data?.items.some((c) => c.clientId) },
            {
              accessor: 'scopes',
              title: 'Scopes',
              hidden: !list.data?.items.some((c) => c.scopes),
              render: (c) => c.scopes ?? 'Your rights',
            },
            { accessor: 'createdAt', title: 'Created', render: (c) => fmtDateTime(c.createdAt) },
            { accessor: 'lastUsedAt', title: 'Last used', render: (c) => fmtDateTime(c.lastUsedAt) },
            {
              accessor: 'expiresAt',
              title: 'Expires',
              hidden: !list.data?.items.some((c) => c.expiresAt !== undefined),
              render: (c) => (c.expiresAt ? fmtDateTime(c.expiresAt) : 'Never'),
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
                  aria-label={`Revoke ${props.kind.toLowerCase()} ${c.name}`}
                  onClick={() => setRevoking(c)}
                >
                  Revoke
                </Button>
              ),
            },
          ]}
        />
        <form onSubmit={create}>
          <Group align="flex-end">
            {props.extra?.fields}
            <TextInput
              label={`New ${props.kind.toLowerCase()} name`}
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit" disabled={!name.trim()}>
              {props.createLabel}
            </Button>
          </Group>
        </form>
      </Stack>
      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke ${props.kind.toLowerCase()} ${revoking?.name ?? ''}`}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text size="sm">Whatever uses it stops working at once. This cannot be undone.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button color="red.8" onClick={() => revoking && revoke(revoking)}>
              Revoke
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
