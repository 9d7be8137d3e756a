import { Alert, Button, Group, Modal, NumberInput, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, patch } from '../api/client.ts';
import { useSettings } from '../api/queries.ts';
import type { Settings } from '../api/types.ts';
import { monthsText } from '../format.ts';
import { TimeZoneFields } from './TimeZoneFields.tsx';

// The choices of each preference; their names and meanings are `manager:preferences.<group>.<value>`.
const POLICIES = ['recoverable', 'standard', 'permanent'] as const;
const CONSENT = ['disabled', 'advisory', 'required'] as const;
const AUDIT = ['essential', 'comprehensive'] as const;

type Editable = Pick<
  Settings,
  'deletionPolicy' | 'retentionMonths' | 'consentLevel' | 'auditLevel' | 'timeZone' | 'locale'
>;

/** The deployment-wide preferences; shortening retention asks first and says how much goes at once. */
export function ManagerPreferences() {
  const client = useQueryClient();
  const { t } = useTranslation('manager');
  const settings = useSettings();
  const [form, setForm] = useState<Editable | null>(null);
  const [reduction, setReduction] = useState<{ count: number; kinds: string } | null>(null);
  const [recoverable, setRecoverable] = useState<{ count: number; kinds: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);
  if (!form || !settings.data) return <Text>{t('common:loading')}</Text>;
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
      notifications.show({ color: 'vellum', message: t('preferences.saved') });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required' && 'recoverable' in err.details) {
        const byKind = (err.details.recoverableByKind ?? {}) as Record<string, number>;
        setRecoverable({ count: Number(err.details.recoverable ?? 0), kinds: kindWords(t, byKind) });
      } else if (err instanceof ApiError && err.code === 'confirmation_required') {
        const byKind = (err.details.wouldExpireByKind ?? {}) as Record<string, number>;
        setReduction({ count: Number(err.details.wouldExpire ?? 0), kinds: kindWords(t, byKind) });
      } else {
        notifications.show({
          color: 'red',
          message: err instanceof Error ? err.message : t('preferences.notSaved'),
        });
      }
    } finally {
      setBusy(false);
    }
  }

  const radios = (key: 'deletionPolicy' | 'consentLevel' | 'auditLevel', options: readonly string[]) => (
    <Radio.Group
      label={t(`preferences.${key}.title`)}
      value={form[key]}
      onChange={(v) => setForm({ ...form, [key]: v } as Editable)}
    >
      <Stack gap="xs" mt="xs">
        {options.map((value) => (
          <Radio
            key={value}
            value={value}
            label={t(`preferences.${key}.${value}.name`)}
            description={t(`preferences.${key}.${value}.meaning`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('preferences.title')}
        </Title>
        {radios('deletionPolicy', POLICIES)}
        <Group align="flex-end">
          <NumberInput
            label={t('preferences.retention')}
            description={t('preferences.retentionHint')}
            min={1}
            max={1200}
            w={300}
            value={form.retentionMonths}
            onChange={(v) =>
              setForm({ ...form, retentionMonths: typeof v === 'number' ? v : Number(v) || 1 })
            }
          />
          <Text data-testid="retention-words" aria-live="polite" pb={4}>
            = {monthsText(form.retentionMonths, t)}
          </Text>
        </Group>
        {radios('consentLevel', CONSENT)}
        {radios('auditLevel', AUDIT)}
        <TimeZoneFields
          timeZone={form.timeZone}
          locale={form.locale}
          onChange={(change) => setForm({ ...form, ...change })}
        />
        <Group justify="flex-end">
          <Button variant="default" disabled={changed.length === 0} onClick={() => setForm(saved)}>
            {t('preferences.discard')}
          </Button>
          <Button disabled={changed.length === 0} loading={busy} onClick={() => save()}>
            {t('preferences.save')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={reduction !== null}
        onClose={() => setReduction(null)}
        title={t('preferences.shorten.title')}
      >
        <Stack>
          <Alert color="red" title={t('preferences.shorten.alert', { count: reduction?.count ?? 0 })}>
            {t('preferences.shorten.text', {
              period: monthsText(form.retentionMonths, t),
              kinds: reduction?.kinds,
            })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReduction(null)}>
              {t('preferences.shorten.keep')}
            </Button>
            <Button color="red" loading={busy} onClick={() => save({ confirmReduction: true })}>
              {t('preferences.shorten.confirm', { count: reduction?.count ?? 0 })}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={recoverable !== null}
        onClose={() => setRecoverable(null)}
        title={t('preferences.permanent.title')}
      >
        <Stack>
          <Alert color="orange" title={t('preferences.permanent.alert', { count: recoverable?.count ?? 0 })}>
            {t('preferences.permanent.text', { kinds: recoverable?.kinds })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRecoverable(null)}>
              {t('common:cancel')}
            </Button>
            <Button variant="light" loading={busy} onClick={() => save({ confirmPolicyChange: true })}>
              {t('preferences.permanent.keep')}
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => save({ confirmPolicyChange: true, purgeExisting: true })}
            >
              {t('preferences.permanent.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

const KINDS = ['patients', 'entries', 'images', 'users', 'logEvents'];

/** What a retention cut removes, kind by kind ("3 deleted patients, 3 log events of deleted records"). */
function kindWords(t: TFunction, byKind: Record<string, number>) {
  const parts = KINDS.filter((k) => (byKind[k] ?? 0) > 0).map((k) =>
    t(`preferences.kinds.${k}`, { count: byKind[k] ?? 0 }),
  );
  return parts.length > 0 ? parts.join(', ') : t('preferences.kinds.nothing');
}
