import { Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, LOCALES } from '../../../shared/dates.ts';

// The browser's own list of IANA zones; UTC first, as the default.
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** The deployment's time zone and date locale, with how a date will then read. */
export function TimeZoneFields({
  timeZone,
  locale,
  onChange,
}: {
  timeZone: string;
  locale: string;
  onChange: (change: { timeZone?: string; locale?: string }) => void;
}) {
  const { t, i18n } = useTranslation('manager');
  const example = formatDateTime(new Date(), { timeZone, locale });
  return (
    <Group align="flex-end" wrap="wrap">
      <Select
        label={t('timeZone.zone')}
        description={t('timeZone.zoneHint')}
        data={ZONES}
        value={timeZone}
        onChange={(v) => v && onChange({ timeZone: v })}
        searchable
        allowDeselect={false}
        w={300}
      />
      <Select
        label={t('timeZone.format')}
        data={LOCALES.map((l) => ({
          value: l,
          label: `${new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l) ?? l} (${l})`,
        }))}
        value={locale}
        onChange={(v) => v && onChange({ locale: v })}
        allowDeselect={false}
        w={260}
      />
      <Text data-testid="date-example" aria-live="polite" pb={4}>
        {t('timeZone.now', { example })}
      </Text>
    </Group>
  );
}
