import { Image, Skeleton } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The otpauth:// link of a two-factor set-up as a QR code, for the phone's authenticator app to scan. */
export function TotpQrCode({ uri }: { uri: string }) {
  const { t } = useTranslation('security');
  const [src, setSrc] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    // SVG: drawn the same wherever it is made, and sharp at any size.
    QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;base64,${btoa(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  if (!src) return <Skeleton width={192} height={192} />;
  return <Image src={src} w={192} h={192} alt={t('twoFactor.qrAlt')} data-testid="totp-qr" />;
}
