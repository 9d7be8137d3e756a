import { Alert, Button, Group, Modal, NumberInput, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { retentionText } from '../../../server/domain/retention.ts';
import { ApiError, patch } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { Settings } from '../api/types.ts';
import { plural } from '../format.ts';
import { TimeZoneFields } from './TimeZoneFields.tsx';

const POLICIES = [
  [
    'recoverable',
    'Recoverable',
    'Deleted records, their files and their activity log are kept for the retention period and can be fully recovered.',
  ],
  [
    'standard',
    'Standard (default)',
    'Deleted records and files are kept for the retention period and can be recovered; their activity log is removed at deletion, leaving one deletion event.',
  ],
  [
    'permanent',
    'Permanent',
    'Deleted records, their files and activity are removed at once. Nothing can be recovered.',
  ],
] as const;
const CONSENT = [
  ['disabled', 'Disabled', 'No consent checks.'],
  [
    'advisory',
    'Advisory',
    'A banner on patient, entry and image pages when no active consent exists; nothing is blocked.',
  ],
  ['required', 'Required', 'Uploads to a patient’s image pool are refused until active consent is recorded.'],
] as const;
const AUDIT = [
  ['essential', 'Essential', 'Security and lifecycle events.'],
  ['comprehensive', 'Comprehensive', 'Also every view of a patient record.'],
] as const;

type Editable = Pick<
  Settings,
  'deletionPolicy' | 'retentionMonths' | 'consentLevel' | 'auditLevel' | 'timeZone' | 'locale'
>;

/** The deployment-wide preferences; shortening retention asks first and says how much goes at once. */
export function ManagerPreferences() {
  const client = useQueryClient();
  const settings = useSettings();
  const [form, setForm] = useState<Editable | null>(null);
  const [reduction, setReduction] = useState<{ count: number; kinds: string } | null>(null);
  const [recoverable, setRecoverable] = useState<{ count: number; kinds: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);
  if (!form || !settings.data) return <Text>Loading…</Text>;
  const saved = settings.data;
  const changed = (Object.keys(form) as (keyof Editable)[]).filter((k) => form[k] !== saved[k]);

  async function save(
    confirm: { confirmReduction?: true; confirmPolicyChange?: true; purgeExisting?: true } = {},
  ) {
    if (!form) return;
    setBusy(true);
    const body: Record<string, unknown> = {
      ...Object.fromEntries(changed.map((k) => [k, form[k]])),
      ...confirm,
    };
    try {
      const next = await patch<Settings>('/api/settings', body);
      client.setQueryData(['settings'], next);
      setReduction(null);
      setRecoverable(null);
      notifications.show({ color: 'vellum', message: 'Preferences saved.' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required' && 'recoverable' in err.details) {
        const byKind = (err.details.recoverableByKind ?? {}) as Record<string, number>;
        setRecoverable({ count: Number(err.details.recoverable ?? 0), kinds: kindWords(byKind) });
      } else if (err instanceof ApiError && err.code === 'confirmation_required') {
        const byKind = (err.details.wouldExpireByKind ?? {}) as Record<string, number>;
        setReduction({ count: Number(err.details.wouldExpire ?? 0), kinds: kindWords(byKind) });
      } else {
        notifications.show({ color: 'red', message: err instanceof Error ? err.message : 'Not saved.' });
      }
    } finally {
      setBusy(false);
    }
  }

  const radios = (
    title: string,
    key: 'deletionPolicy' | 'consentLevel' | 'auditLevel',
    options: readonly (readonly [string, string, string])[],
  ) => (
    <Radio.Group label={title} value={form[key]} onChange={(v) => setForm({ ...form, [key]: v } as Editable)}>
      <Stack gap="xs" mt="xs">
        {options.map(([value, label, meaning]) => (
          <Radio key={value} value={value} label={label} description={meaning} />
        ))}
      </Stack>
    </Radio.Group>
  );

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          Preferences
        </Title>
        {radios('Deletion policy', 'deletionPolicy', POLICIES)}
        <Group align="flex-end">
          <NumberInput
            label="Retention period (months)"
            description="How long deleted records stay recoverable. Applies to records already deleted too."
            min={1}
            max={1200}
            w={300}
            value={form.retentionMonths}
            onChange={(v) =>
              setForm({ ...form, retentionMonths: typeof v === 'number' ? v : Number(v) || 1 })
            }
          />
          <Text data-testid="retention-words" aria-live="polite" pb={4}>
            = {retentionText(form.retentionMonths)}
          </Text>
        </Group>
        {radios('Photography consent', 'consentLevel', CONSENT)}
        {radios('Audit level', 'auditLevel', AUDIT)}
        <TimeZoneFields
          timeZone={form.timeZone}
          locale={form.locale}
          onChange={(change) => setForm({ ...form, ...change })}
        />
        <Group justify="flex-end">
          <Button variant="default" disabled={changed.length === 0} onClick={() => setForm(saved)}>
            Discard changes
          </Button>
          <Button disabled={changed.length === 0} loading={busy} onClick={() => save()}>
            Save preferences
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={reduction !== null}
        onClose={() => setReduction(null)}
        title="Shorten the retention period?"
      >
        <Stack>
          <Alert color="red" title={`${reduction?.count ?? 0} deleted records would be removed at once`}>
            Shortening retention to {retentionText(form.retentionMonths)} makes every deleted record older
            than that expire now: {reduction?.kinds}, with their files, would be removed for good,
            immediately. This cannot be undone.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReduction(null)}>
              Keep the current period
            </Button>
            <Button color="red" loading={busy} onClick={() => save({ confirmReduction: true })}>
              Shorten and remove {reduction?.count ?? 0} records
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={recoverable !== null}
        onClose={() => setRecoverable(null)}
        title="Switch to the Permanent policy?"
      >
        <Stack>
          <Alert color="orange" title={`${recoverable?.count ?? 0} deleted records can still be recovered`}>
            Permanent removes what is deleted from now on at once. The records deleted before (
            {recoverable?.kinds}) can either stay recoverable until they expire, or be removed for good now
            with their files. Records of patients under legal hold are kept either way.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRecoverable(null)}>
              Cancel
            </Button>
            <Button variant="light" loading={busy} onClick={() => save({ confirmPolicyChange: true })}>
              Switch and keep them recoverable
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => save({ confirmPolicyChange: true, purgeExisting: true })}
            >
              Switch and remove them now
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

const KIND_WORDS: [string, string, string][] = [
  ['patients', 'deleted patient', 'deleted patients'],
  ['entries', 'deleted entry', 'deleted entries'],
  ['images', 'deleted image', 'deleted images'],
  ['users', 'deleted user', 'deleted users'],
  ['logEvents', 'log event of deleted records', 'log events of deleted records'],
];

/** What a retention cut removes, kind by kind ("3 deleted patients, 3 log events of deleted records"). */
function kindWords(byKind: Record<string, number>) {
  const parts = KIND_WORDS.filter(([k]) => (byKind[k] ?? 0) > 0).map(([k, one, many]) =>
    plural(byKind[k] ?? 0, one, many),
  );
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
