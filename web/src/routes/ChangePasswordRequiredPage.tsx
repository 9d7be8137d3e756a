import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSession, useUser } from '../api/session.tsx';
import { CenteredCard } from '../components/CenteredCard.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';

/** First sign-in with a password an administrator chose: nothing else opens until it is changed. */
export function ChangePasswordRequiredPage() {
  const user = useUser();
  const { refresh, signOut } = useSession();
  return (
    <CenteredCard title="Choose your own password">
      <Text size="sm">
        Your administrator chose the password you signed in with as {user.email}. Choose one only you know
        before you go on.
      </Text>
      <ChangePasswordForm
        onChanged={async () => {
          notifications.show({ message: 'Password changed.' });
          await refresh();
        }}
      />
      <Group justify="flex-end">
        <Button variant="subtle" onClick={signOut}>
          Sign out
        </Button>
      </Group>
    </CenteredCard>
  );
}
