import { Box, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePad from 'signature_pad';

/** A drawn signature; reports a PNG data URL, or null while the pad is empty. */
export function SignatureField({ onChange }: { onChange: (dataUrl: string | null) => void }) {
  const { t } = useTranslation('patient');
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const c = canvas.current;
    // Draw at device resolution so the stored signature is sharp.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const p = new SignaturePad(c, { backgroundColor: 'rgb(255,255,255)' });
    p.addEventListener('endStroke', () => onChange(p.isEmpty() ? null : p.toDataURL('image/png')));
    pad.current = p;
    return () => p.off();
  }, [onChange]);
  return (
    <Box>
      <Text size="sm" fw={500} id="signature-label">
        {t('consent.signature')}
      </Text>
      <canvas
        ref={canvas}
        role="img"
        aria-labelledby="signature-label"
        data-testid="signature-pad"
        style={{
          width: '100%',
          height: 160,
          border: '1px solid var(--mantine-color-gray-5)',
          touchAction: 'none',
        }}
      />
      <Group justify="flex-end">
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            pad.current?.clear();
            onChange(null);
          }}
        >
          {t('consent.clearSignature')}
        </Button>
      </Group>
    </Box>
  );
}
