import { PasswordInput } from '@mantine/core';
import { PASSWORD_RULE } from './EmailPasswordFields.tsx';

interface Props {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  errors: { newPassword?: string; repeat?: string };
}

/** A new password and its confirmation, with the rule said beside it (change and reset forms). */
export function NewPasswordFields({ password, repeat, onPassword, onRepeat, errors }: Props) {
  return (
    <>
      <PasswordInput
        label="New password"
        description={`${PASSWORD_RULE} Not a common password or one built from your name.`}
        autoComplete="new-password"
        required
        value={password}
        error={errors.newPassword}
        onChange={(e) => onPassword(e.currentTarget.value)}
      />
      <PasswordInput
        label="Confirm the new password"
        autoComplete="new-password"
        required
        value={repeat}
        error={errors.repeat}
        onChange={(e) => onRepeat(e.currentTarget.value)}
      />
    </>
  );
}
