import { Stack, Text, Title } from '@mantine/core';
import { useUser } from '../api/session.tsx';
import { UsersPanel } from '../components/UsersPanel.tsx';

/** An account admin manages the users of its own account (deleted under the deletion policy). */
export function UsersPage() {
  const user = useUser();
  return (
    <Stack>
      <Title order={1}>Users</Title>
      <Text size="sm">The people who can sign in to {user.accountName ?? 'this account'}.</Text>
      <UsersPanel />
    </Stack>
  );
}
