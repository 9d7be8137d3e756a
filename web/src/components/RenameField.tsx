import { Button, Group, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** A name with its own Rename button: saved only when asked, errors shown under the field. */
export function RenameField({
  label,
  value,
  onSave,
}: {
  label: string;
  value: string;
  onSave: (name: string) => Promise<void>;
}) {
  const { t } = useTranslation('records');
  const [name, setName] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setName(value), [value]);
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 220 }}>
      <TextInput
        label={label}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={error}
        style={{ flex: 1 }}
      />
      <Button
        variant="default"
        disabled={name.trim() === value || name.trim() === ''}
        onClick={async () => {
          try {
            await onSave(name.trim());
            setError(null);
          } catch (err) {
            setError(err instanceof ApiError ? (err.fields.name ?? err.message) : String(err));
          }
        }}
      >
        {t('rename')}
      </Button>
    </Group>
  );
}
