import { Box, Group, Skeleton, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The frame's outline while the session is read, so the page never starts blank. */
export function ShellPlaceholder() {
  const { t } = useTranslation('records');
  return (
    <Box aria-busy="true" aria-label={t('loading.shell')} data-testid="shell-loading">
      <Group
        h={56}
        px="md"
        justify="space-between"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Title order={2} size="h3" c="vellum.8">
          {t('loading.brand')}
        </Title>
        <Skeleton h={28} w={90} />
      </Group>
      <Stack p="md" gap="md">
        <Skeleton h={36} w="40%" />
        <Skeleton h={200} />
        <Skeleton h={120} />
      </Stack>
    </Box>
  );
}

/** The patient page's outline while the patient is read: heading, photos, panels. */
export function PatientPagePlaceholder() {
  const { t } = useTranslation('records');
  return (
    <Stack aria-busy="true" aria-label={t('loading.patient')} data-testid="patient-loading">
      <Skeleton h={40} w="50%" />
      <Skeleton h={20} w="30%" />
      <Skeleton h={220} />
      <Group grow align="flex-start">
        <Skeleton h={160} />
        <Skeleton h={160} />
      </Group>
    </Stack>
  );
}
