import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A record's ID, small and copyable: what an operator needs to expunge the record on request. */
export function RecordId({ id }: { id: string }) {
  const { t } = useTranslation('records');
  return (
    // Wraps on a phone: the label is longer in some languages and the Copy button must stay in view.
    <Group gap={6} wrap="wrap" data-testid="record-id">
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
