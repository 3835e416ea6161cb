import { useId, useState } from 'react';

/** A read-only value with a Copy button that says when it copied (or that the browser refused). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="secondary" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          Copy
        </button>
      </div>
      <span role="status" className="reason">
        {state === 'copied' ? `${label} copied.` : state === 'failed' ? 'The browser refused; select and copy.' : ''}
      </span>
    </div>
  );
}
