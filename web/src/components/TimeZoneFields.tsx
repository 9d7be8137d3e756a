import { Group, Select, Text } from '@mantine/core';
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
  const example = formatDateTime(new Date(), { timeZone, locale });
  return (
    <Group align="flex-end" wrap="wrap">
      <Select
        label="Time zone"
        description="Every date and time in the app, the PDF reports and exports is written in it."
        data={ZONES}
        value={timeZone}
        onChange={(v) => v && onChange({ timeZone: v })}
        searchable
        allowDeselect={false}
        w={300}
      />
      <Select
        label="Date format"
        data={LOCALES.map((l) => ({
          value: l,
          label: `${new Intl.DisplayNames(['en'], { type: 'language' }).of(l) ?? l} (${l})`,
        }))}
        value={locale}
        onChange={(v) => v && onChange({ locale: v })}
        allowDeselect={false}
        w={260}
      />
      <Text data-testid="date-example" aria-live="polite" pb={4}>
        Now: {example}
      </Text>
    </Group>
  );
}
