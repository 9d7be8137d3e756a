import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { useSettings } from '../api/queries.ts';
import { abilities, useSession, useUser } from '../api/session.tsx';
import { setDateStyle } from '../format.ts';
import { IdleWarning } from './IdleWarning.tsx';

export const ROLE_NAMES = {
  'super-admin': 'Super administrator',
  admin: 'Account admin',
  clinician: 'Clinician',
  assistant: 'Assistant',
} as const;

/** The signed-in frame: header with who is signed in, navigation by role, the page. */
export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  // Dates are written in the deployment's zone and locale from the first render that knows them.
  const settings = useSettings().data;
  setDateStyle(settings && { timeZone: settings.timeZone, locale: settings.locale });
  const can = abilities(user.role);
  const links = [
    can.clinical && { to: '/patients', label: 'Patients' },
    can.delete && { to: '/deleted', label: 'Deleted records' },
    can.manageTags && { to: '/tags', label: 'Tags' },
    can.manager && { to: '/manager', label: 'Manager' },
    can.manageUsers && !can.manager && { to: '/users', label: 'Users' },
    can.manageUsers && !can.manager && { to: '/operator-actions', label: 'Operator actions' },
    { to: '/security', label: 'My security' },
    { to: '/api-access', label: 'API access' },
  ].filter((l): l is { to: string; label: string } => Boolean(l));
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'md', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={2} size="h3" c="vellum.8">
              Vellum
            </Title>
            {user.accountName && (
              <Text size="sm" c="dimmed" visibleFrom="sm">
                {user.accountName}
              </Text>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm">
              {user.email} · {ROLE_NAMES[user.role]}
            </Text>
            <Button
              variant="default"
              size="xs"
              // Signed out, the app's router shows the sign-in page.
              onClick={signOut}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {links.map((l) => (
          <NavLink
            key={l.to}
            component={RouterLink}
            to={l.to}
            label={l.label}
            active={location.pathname.startsWith(l.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
        <IdleWarning />
      </AppShell.Main>
    </AppShell>
  );
}
