import { useState, type FormEvent } from 'react';
import type { TotpEnrolment } from '../api/auth';
import { CodeField } from './code-field';
import { ProblemMessage } from './problem-message';
import { QrCode } from './qr-code';

/** Groups a base32 secret in fours, as authenticator apps show it, for typing in by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Adding Roster to an authenticator app (SPEC C6 MFA, RFC 6238 TOTP): the otpauth URI as a QR
 * code, the secret as text for entering by hand, then the app's current code to prove it works.
 */
export function TotpSetup(props: {
  enrolment: TotpEnrolment;
  onConfirm: (code: string) => void;
  pending: boolean;
  error: unknown;
  submitLabel?: string;
}) {
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.length === 6) props.onConfirm(code);
  };
  return (
    <form onSubmit={submit} noValidate className="totp-setup">
      <ol className="steps">
        <li>
          Scan this QR code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or
          1Password).
          <QrCode value={props.enrolment.otpauthUri} label="QR code to add Roster to an authenticator app" />
        </li>
        <li>
          Or, if you cannot scan it, enter this setup key in the app:
          <p>
            <code className="secret" data-secret={props.enrolment.secret}>
              {grouped(props.enrolment.secret)}
            </code>
          </p>
        </li>
        <li>
          <CodeField
            label="Code from the app"
            hint="The 6-digit code the app now shows for Roster."
            value={code}
            onChange={setCode}
            autoFocus
          />
        </li>
      </ol>
      <ProblemMessage error={props.error} />
      <div className="actions">
        <button type="submit" disabled={code.length !== 6 || props.pending}>
          {props.pending ? 'Checking…' : (props.submitLabel ?? 'Turn on')}
        </button>
      </div>
    </form>
  );
}
