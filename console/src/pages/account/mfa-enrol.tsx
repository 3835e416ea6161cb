import { useMutation } from '@tanstack/react-query';
import { confirmMyEnrolment, startMyEnrolment } from '../../api/me-mfa';
import { ProblemMessage } from '../../components/problem-message';
import { TotpSetup } from '../../components/totp-setup';

/** Turning two-step verification on from the account page: setup key, first code, recovery codes. */
export function MfaEnrol({ required, onCodes }: { required: boolean; onCodes: (codes: string[]) => void }) {
  const start = useMutation({ mutationFn: startMyEnrolment });
  const confirm = useMutation({ mutationFn: confirmMyEnrolment, onSuccess: (a) => onCodes(a.recoveryCodes) });
  if (start.data)
    return (
      <TotpSetup
        enrolment={start.data}
        onConfirm={(code) => confirm.mutate(code)}
        pending={confirm.isPending}
        error={confirm.error}
      />
    );
  return (
    <>
      <p>
        {required
          ? 'Set it up now: your next sign-in will ask for it.'
          : 'Protect your account with a code from an authenticator app at each sign-in.'}
      </p>
      <ProblemMessage error={start.error} />
      <div className="actions">
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    </>
  );
}
