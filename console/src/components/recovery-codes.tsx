import { useState } from 'react';

/** Recovery codes, shown once (SPEC C6 MFA): a copy button, and a deliberate "saved them" to go on. */
export function RecoveryCodes({
  codes,
  onDone,
  doneLabel,
}: {
  codes: string[];
  onDone: () => void;
  doneLabel?: string;
}) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section aria-labelledby="recovery-h" className="recovery">
      <h2 id="recovery-h">Save your recovery codes</h2>
      <p>
        Each code signs you in once if you lose your authenticator. They are shown only now: keep them somewhere safe,
        such as a password manager.
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        {/* The first thing to do on this step, so it takes the focus. */}
        <button type="button" className="secondary" onClick={() => void copy()} autoFocus>
          Copy codes
        </button>
        <button type="button" onClick={onDone}>
          {doneLabel ?? 'I have saved them'}
        </button>
      </div>
      <span role="status" className="reason">
        {copied === 'copied'
          ? 'Recovery codes copied.'
          : copied === 'failed'
            ? 'The browser refused; select and copy.'
            : ''}
      </span>
    </section>
  );
}
