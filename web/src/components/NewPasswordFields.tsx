import { PasswordInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  errors: { newPassword?: string; repeat?: string };
}

/** A new password and its confirmation, with the rule said beside it (change and reset forms). */
export function NewPasswordFields({ password, repeat, onPassword, onRepeat, errors }: Props) {
  const { t } = useTranslation('auth');
  return (
    <>
      <PasswordInput
        label={t('newPassword')}
        description={`${t('passwordRule')} ${t('notCommon')}`}
        autoComplete="new-password"
        required
        value={password}
        error={errors.newPassword}
        onChange={(e) => onPassword(e.currentTarget.value)}
      />
      <PasswordInput
        label={t('confirmPassword')}
        autoComplete="new-password"
        required
        value={repeat}
        error={errors.repeat}
        onChange={(e) => onRepeat(e.currentTarget.value)}
      />
    </>
  );
}
