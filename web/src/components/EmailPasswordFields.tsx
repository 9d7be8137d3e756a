import { PasswordInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The e-mail and password of a new user, with the server's field errors: the first-run page
 * (`own`: the person typing signs in with them) and the users panel (`other`: someone else's).
 */
export function EmailPasswordFields({
  email,
  password,
  onEmail,
  onPassword,
  errors,
  passwordLabel,
  passwordHint,
  purpose,
}: {
  email: string;
  password: string;
  onEmail: (v: string) => void;
  onPassword: (v: string) => void;
  errors: Record<string, string>;
  passwordLabel: string;
  /** Given, the password may be left empty and this says what then happens. */
  passwordHint?: string;
  purpose: 'own' | 'other';
}) {
  const { t } = useTranslation('auth');
  return (
    <>
      <TextInput
        label={t('email')}
        type="email"
        // The browser must not offer the signed-in administrator's own e-mail for someone else.
        autoComplete={purpose === 'own' ? 'username' : 'off'}
        required
        value={email}
        error={errors.email}
        onChange={(e) => onEmail(e.currentTarget.value)}
      />
      <PasswordInput
        label={passwordLabel}
        description={passwordHint ? `${t('passwordRule')} ${passwordHint}` : t('passwordRule')}
        autoComplete="new-password"
        required={!passwordHint}
        value={password}
        error={errors.password}
        onChange={(e) => onPassword(e.currentTarget.value)}
      />
    </>
  );
}
