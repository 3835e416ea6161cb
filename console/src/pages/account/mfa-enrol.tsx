import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { confirmMyEnrolment, startMyEnrolment } from '../../api/me-mfa';
import { ProblemMessage } from '../../components/problem-message';
import { RecoveryCodes } from '../../components/recovery-codes';
import { TotpSetup } from '../../components/totp-setup';

/** Turning two-step verification on from the account page: setup key, first code, recovery codes. */
export function MfaEnrol({ required }: { required: boolean }) {
  const qc = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useMutation({ mutationFn: startMyEnrolment });
  const confirm = useMutation({ mutationFn: confirmMyEnrolment, onSuccess: (a) => setCodes(a.recoveryCodes) });
  const finish = () => void qc.invalidateQueries({ queryKey: ['me', 'mfa'] });
  if (codes) return <RecoveryCodes codes={codes} onDone={finish} />;
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
