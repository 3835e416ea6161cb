import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { signInWithMfa, type SessionAnswer } from '../../api/auth';
import { ProblemError } from '../../api/problem';
import { CodeField } from '../../components/code-field';
import { ProblemMessage } from '../../components/problem-message';

/** Step 3 for an enrolled user: the authenticator's code, or one of the recovery codes. */
export function MfaStep(props: { mfaToken: string; onSession: (s: SessionAnswer) => void; onExpired: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const verify = useMutation({
    mutationFn: (v: string) => signInWithMfa(props.mfaToken, useRecovery ? { recoveryCode: v } : { code: v }),
    onSuccess: props.onSession,
    onError: (e) => {
      setValue('');
      // The step's token is spent (expired, or too many wrong codes): start over from the username.
      if (e instanceof ProblemError && e.code === 'auth.mfa_token_invalid') props.onExpired();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (useRecovery ? value.trim() : value.length === 6) verify.mutate(value.trim());
  };
  const toggle = () => {
    setUseRecovery(!useRecovery);
    setValue('');
    verify.reset();
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2>Two-step verification</h2>
      {useRecovery ? (
        <CodeField
          key="recovery"
          kind="recovery"
          label="Recovery code"
          hint="One of the recovery codes you saved when you set up your authenticator. Each works once."
          value={value}
          onChange={setValue}
          autoFocus
        />
      ) : (
        <CodeField
          key="totp"
          label="Authentication code"
          hint="The 6-digit code your authenticator app shows for Roster."
          value={value}
          onChange={setValue}
          autoFocus
        />
      )}
      <ProblemMessage error={verify.error} />
      <div className="actions">
        <button type="submit" disabled={verify.isPending || (useRecovery ? !value.trim() : value.length !== 6)}>
          {verify.isPending ? 'Checking…' : 'Verify'}
        </button>
        <button type="button" className="link" onClick={toggle}>
          {useRecovery ? 'Use the authenticator app' : 'Use a recovery code'}
        </button>
      </div>
    </form>
  );
}
