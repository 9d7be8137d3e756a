import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ManagerAudit } from '../components/ManagerAudit.tsx';
import { ManagerBackups } from '../components/ManagerBackups.tsx';
import { ManagerCleanup } from '../components/ManagerCleanup.tsx';
import { ManagerDestruction } from '../components/ManagerDestruction.tsx';
import { ManagerDicom } from '../components/ManagerDicom.tsx';
import { ManagerExpunge } from '../components/ManagerExpunge.tsx';
import { ManagerPreferences } from '../components/ManagerPreferences.tsx';
import { ManagerUsers } from '../components/ManagerUsers.tsx';

/** The super administrator's console; each tab has its own URL. */
export function ManagerPage() {
  const { tab = 'preferences' } = useParams();
  const navigate = useNavigate();
  const { t } = useTranslation('manager');
  return (
    <Stack>
      <Title order={1}>{t('page.title')}</Title>
      <Tabs value={tab} onChange={(tab) => navigate(`/manager/${tab ?? 'preferences'}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="preferences">{t('page.tabs.preferences')}</Tabs.Tab>
          <Tabs.Tab value="users">{t('page.tabs.users')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('page.tabs.audit')}</Tabs.Tab>
          <Tabs.Tab value="cleanup">{t('page.tabs.cleanup')}</Tabs.Tab>
          <Tabs.Tab value="backups">{t('page.tabs.backups')}</Tabs.Tab>
          <Tabs.Tab value="expunge">{t('page.tabs.expunge')}</Tabs.Tab>
          <Tabs.Tab value="destruction">{t('lifecycle:destruction.tab')}</Tabs.Tab>
          <Tabs.Tab value="pacs">{t('page.tabs.pacs')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="preferences" pt="md">
          <ManagerPreferences />
        </Tabs.Panel>
        <Tabs.Panel value="users" pt="md">
          <ManagerUsers />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <ManagerAudit />
        </Tabs.Panel>
        <Tabs.Panel value="cleanup" pt="md">
          <ManagerCleanup />
        </Tabs.Panel>
        <Tabs.Panel value="backups" pt="md">
          <ManagerBackups />
        </Tabs.Panel>
        <Tabs.Panel value="expunge" pt="md">
          <ManagerExpunge />
        </Tabs.Panel>
        <Tabs.Panel value="destruction" pt="md">
          <ManagerDestruction />
        </Tabs.Panel>
        <Tabs.Panel value="pacs" pt="md">
          <ManagerDicom />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
