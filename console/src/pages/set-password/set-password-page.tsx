import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { redeemPasswordLink } from '../../api/auth';
import { ProblemMessage } from '../../components/problem-message';
import '../../components/auth.css';

/**
 * The link's token: in the fragment (`#token=`), which browsers never send to a server, so it stays
 * out of access logs and Referer headers; `?token=` is read too. It is then taken out of the
 * address bar and history, being a one-time credential.
 */
function readToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  return fromHash ?? new URLSearchParams(window.location.search).get('token') ?? '';
}

/** First-time password set, or a reset, from an administrator's one-time link (SPEC C6). */
export function SetPasswordPage() {
  const id = useId();
  const navigate = useNavigate();
  const [token] = useState(readToken);
  useEffect(() => {
    if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, [token]);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const redeem = useMutation({ mutationFn: () => redeemPasswordLink(token, password) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== again);
    if (password && password === again) redeem.mutate();
  };
  if (!token)
    return (
      <Frame>
        <p role="alert" className="problem">
          <strong>This address has no password link.</strong> Open the link exactly as you received it, or ask an
          administrator for a new one.
        </p>
      </Frame>
    );
  if (redeem.isSuccess)
    return (
      <Frame>
        <p role="status" className="notice">
          Your password is set.
        </p>
        <button type="button" onClick={() => void navigate({ to: '/sign-in' })} autoFocus>
          Sign in
        </button>
      </Frame>
    );
  return (
    <Frame>
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
        <ProblemMessage error={redeem.error} />
        <div className="actions">
          <button type="submit" disabled={!password || !again || redeem.isPending}>
            {redeem.isPending ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="centered">
      <h1>Set your Roster password</h1>
      {children}
    </main>
  );
}
