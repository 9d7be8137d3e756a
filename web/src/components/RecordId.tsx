import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A record's ID, small and copyable: what an operator needs to expunge the record on request. */
export function RecordId({ id }: { id: string }) {
  const { t } = useTranslation('records');
  return (
    <Group gap={6} wrap="nowrap" data-testid="record-id">
      <Text size="xs" c="dimmed" component="span">
        {t('recordId.label')}
      </Text>
      <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
        {id}
      </Code>
      <CopyButton value={id}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={copy}
            aria-label={copied ? t('recordId.copiedLabel') : t('recordId.copyLabel')}
          >
            {copied ? t('recordId.copied') : t('recordId.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
