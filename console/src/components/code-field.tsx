import { useId } from 'react';

/** A labelled field for a one-time code: a 6-digit TOTP code, or a recovery code. */
export function CodeField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  kind?: 'totp' | 'recovery';
  hint?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const totp = (props.kind ?? 'totp') === 'totp';
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={totp ? 'code' : 'recoveryCode'}
        className="code-input"
        inputMode={totp ? 'numeric' : 'text'}
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={totp ? 6 : 32}
        required
        autoFocus={props.autoFocus}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        value={props.value}
        onChange={(e) => props.onChange(totp ? e.target.value.replace(/\D/g, '') : e.target.value)}
      />
    </>
  );
}
