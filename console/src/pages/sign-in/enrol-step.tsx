import { useMutation, useQuery } from '@tanstack/react-query';
import { confirmSignInEnrolment, startSignInEnrolment, type SessionAnswer } from '../../api/auth';
import { ProblemError } from '../../api/problem';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { TotpSetup } from '../../components/totp-setup';

/** Step 3 when the organization requires MFA and the user has none yet: set up an authenticator first. */
export function EnrolStep(props: {
  mfaToken: string;
  onEnrolled: (s: SessionAnswer & { recoveryCodes: string[] }) => void;
  onExpired: () => void;
}) {
  // A query, not an effect: asked once per sign-in step, however often the component renders.
  const enrolment = useQuery({
    queryKey: ['sign-in-enrolment', props.mfaToken],
    queryFn: () => startSignInEnrolment(props.mfaToken),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({
    mutationFn: (code: string) => confirmSignInEnrolment(props.mfaToken, code),
    onSuccess: props.onEnrolled,
    onError: (e) => {
      if (e instanceof ProblemError && e.code === 'auth.mfa_token_invalid') props.onExpired();
    },
  });
  return (
    <section aria-labelledby="enrol-h">
      <h2 id="enrol-h">Set up two-step verification</h2>
      <p>Your organization requires a second step at sign-in: a code from an authenticator app on your phone.</p>
      {enrolment.isPending ? <Loading label="Preparing your setup key…" /> : null}
      {enrolment.isError ? <ProblemMessage error={enrolment.error} /> : null}
      {enrolment.data ? (
        <TotpSetup
          enrolment={enrolment.data}
          onConfirm={(code) => confirm.mutate(code)}
          pending={confirm.isPending}
          error={confirm.error}
          submitLabel="Verify and sign in"
        />
      ) : null}
    </section>
  );
}
