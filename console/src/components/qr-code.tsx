import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of `value` as an image (a data: URL, which the console's CSP allows for images). */
export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    // Error correction M: the usual choice for otpauth URIs, readable from a laptop screen.
    toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: size })
      .then((url) => live && setSrc(url))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [value, size]);
  if (failed) return <p className="muted">The QR code could not be drawn; enter the key by hand.</p>;
  return src ? (
    <img className="qr" src={src} alt={label} width={size} height={size} />
  ) : (
    <div className="qr" style={{ width: size, height: size }} aria-hidden="true" />
  );
}
