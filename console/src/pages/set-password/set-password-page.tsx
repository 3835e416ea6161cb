import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { redeemPasswordLink } from '../../api/auth';
import '../../components/auth.css';
import { NewPasswordForm } from './new-password-form';

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
  const navigate = useNavigate();
  const [token] = useState(readToken);
  useEffect(() => {
    if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, [token]);
  const redeem = useMutation({ mutationFn: (password: string) => redeemPasswordLink(token, password) });
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
      <NewPasswordForm
        pending={redeem.isPending}
        error={redeem.error}
        onSubmit={(password) => redeem.mutate(password)}
      />
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
