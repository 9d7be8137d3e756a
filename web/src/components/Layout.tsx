import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { useSettings } from '../api/queries.ts';
import { abilities, useSession, useUser } from '../api/session.tsx';
import type { User } from '../api/types.ts';
import { setDateStyle } from '../format.ts';
import { IdleWarning } from './IdleWarning.tsx';

/** "Account admin": a role in words (`layout:roles.<role>`). */
export const roleName = (t: TFunction, role: User['role']) => t(`layout:roles.${role}`);

/** The signed-in frame: header with who is signed in, navigation by role, the page. */
export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const { t } = useTranslation('layout');
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  // Dates are written in the deployment's zone and locale from the first render that knows them.
  const settings = useSettings().data;
  setDateStyle(settings && { timeZone: settings.timeZone, locale: settings.locale });
  const can = abilities(user.role);
  const links = [
    can.clinical && { to: '/patients', label: t('nav.patients') },
    can.delete && { to: '/deleted', label: t('nav.deleted') },
    can.manageTags && { to: '/tags', label: t('nav.tags') },
    can.manager && { to: '/manager', label: t('nav.manager') },
    can.manageUsers && !can.manager && { to: '/users', label: t('nav.users') },
    can.manageUsers && !can.manager && { to: '/operator-actions', label: t('nav.operatorActions') },
    { to: '/security', label: t('nav.security') },
    { to: '/api-access', label: t('nav.apiAccess') },
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
              aria-label={t('toggleNavigation')}
            />
            <Title order={2} size="h3" c="vellum.8">
              {/* i18n-ignore: the product's name */}
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
              {user.email} · {roleName(t, user.role)}
            </Text>
            <Button
              variant="default"
              size="xs"
              // Signed out, the app's router shows the sign-in page.
              onClick={signOut}
            >
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('mainNavigation')}>
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
