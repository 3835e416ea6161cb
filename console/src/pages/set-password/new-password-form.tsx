import { useId, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../components/problem-message';

/** A new password typed twice, with the password policy beside it; submits only when both match. */
export function NewPasswordForm(props: {
  pending: boolean;
  error: Error | null;
  onSubmit: (password: string) => void;
}) {
  const { pending, error } = props;
  const id = useId();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== again);
    if (password && password === again) props.onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor={`${id}-new`}>New password</label>
      <p className="hint" id={`${id}-policy`}>
        At least 12 characters; not your username and not a commonly used password. A passphrase of a few unrelated
        words works well.
      </p>
      <input
        id={`${id}-new`}
        type="password"
        name="new-password"
        autoComplete="new-password"
        aria-describedby={`${id}-policy`}
        required
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <label htmlFor={`${id}-again`}>Confirm the new password</label>
      <input
        id={`${id}-again`}
        type="password"
        name="confirm-password"
        autoComplete="new-password"
        required
        aria-invalid={mismatch || undefined}
        value={again}
        onChange={(e) => setAgain(e.target.value)}
      />
      {mismatch ? (
        <p role="alert" className="problem">
          <strong>The two passwords differ.</strong> Type the same password in both fields.
        </p>
      ) : null}
      <ProblemMessage error={error} />
      <div className="actions">
        <button type="submit" disabled={!password || !again || pending}>
          {pending ? 'Saving…' : 'Set password'}
        </button>
      </div>
    </form>
  );
}
