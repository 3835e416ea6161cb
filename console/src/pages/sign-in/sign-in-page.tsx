import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import type { PasswordAnswer, SessionAnswer, SignInMethod } from '../../api/auth';
import { queryClient } from '../../app/query-client';
import { markSignedIn } from '../../app/session-state';
import { RecoveryCodes } from '../../components/recovery-codes';
import { EnrolStep } from './enrol-step';
import { MfaStep } from './mfa-step';
import { PasswordStep } from './password-step';
import type { SignInStep } from './sign-in-steps';
import { UsernameStep } from './username-step';
import '../../components/auth.css';

const route = getRouteApi('/sign-in');

/** Sign-in, username first (SPEC C6), then the password and, where it applies, the second factor. */
export function SignInPage() {
  const search = route.useSearch();
  const router = useRouter();
  const [step, setStep] = useState<SignInStep>({ kind: 'username', username: '' });
  const [notice, setNotice] = useState<string | null>(null);

  // The session is open: nothing cached from before it is trusted; back to where the visitor was.
  const enter = async () => {
    markSignedIn();
    queryClient.clear();
    await router.navigate({ href: search.redirect ?? '/', replace: true });
  };
  const onSession = (_s: SessionAnswer) => void enter();
  const restart = (username: string, why: string) => {
    setNotice(why);
    setStep({ kind: 'username', username });
  };
  const onMethod = (username: string, method: SignInMethod) => {
    setNotice(null);
    if (method.type === 'password') setStep({ kind: 'password', username });
    else setNotice(`${username} signs in with ${method.displayName}, which the console does not offer yet.`);
  };
  const onPassword = (username: string, a: PasswordAnswer) => {
    if (a.next === 'session') onSession(a);
    else if (a.next === 'mfa') setStep({ kind: 'mfa', username, mfaToken: a.mfaToken });
    else setStep({ kind: 'enrol', username, mfaToken: a.mfaToken });
  };
  const expired = (username: string) => () =>
    restart(username, 'That sign-in attempt has expired or was ended. Please start again.');

  return (
    <main id="main" className="centered">
      <h1>Sign in to Roster</h1>
      <StatusNotice
        ended={search.ended}
        signedOut={search.signedOut}
        notice={notice}
        initial={step.kind === 'username'}
      />
      {step.kind === 'username' ? <UsernameStep initial={step.username} onNext={onMethod} /> : null}
      {step.kind === 'password' ? (
        <PasswordStep
          username={step.username}
          onAnswer={(a) => onPassword(step.username, a)}
          onChangeUsername={() => restart(step.username, '')}
        />
      ) : null}
      {step.kind === 'mfa' ? (
        <MfaStep mfaToken={step.mfaToken} onSession={onSession} onExpired={expired(step.username)} />
      ) : null}
      {step.kind === 'enrol' ? (
        <EnrolStep
          mfaToken={step.mfaToken}
          onEnrolled={(s) => setStep({ kind: 'recovery-codes', codes: s.recoveryCodes })}
          onExpired={expired(step.username)}
        />
      ) : null}
      {step.kind === 'recovery-codes' ? <RecoveryCodes codes={step.codes} onDone={() => void enter()} /> : null}
    </main>
  );
}

/** Why the visitor is here: their session ended, they signed out, or this attempt needs starting over. */
function StatusNotice(props: { ended?: boolean; signedOut?: boolean; notice: string | null; initial: boolean }) {
  const text =
    props.notice ||
    (props.initial && props.ended ? 'Your session has ended. Sign in again to continue where you were.' : '') ||
    (props.initial && props.signedOut ? 'You have signed out.' : '');
  return (
    <p role="status" className={text ? 'notice' : 'sr-only'}>
      {text}
    </p>
  );
}
