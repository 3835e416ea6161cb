import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getMyMfa } from '../../api/me-mfa';
import { getMe } from '../../api/session';
import { ProblemMessage } from '../../components/problem-message';
import { RecoveryCodes } from '../../components/recovery-codes';
import { Loading } from '../../components/states';
import { MfaEnrol } from './mfa-enrol';
import { MfaManage } from './mfa-manage';
import '../../components/auth.css';

/** The signed-in user's own account: who they are and their second factor (SPEC C6 MFA, self-service). */
export function AccountPage() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const mfa = useQuery({ queryKey: ['me', 'mfa'], queryFn: getMyMfa });
  const qc = useQueryClient();
  // New recovery codes (after turning MFA on, or on request), shown once while the status refreshes.
  const [codes, setCodes] = useState<string[] | null>(null);
  const showCodes = (c: string[]) => {
    setCodes(c);
    void qc.invalidateQueries({ queryKey: ['me', 'mfa'] });
  };
  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>{me.data?.userName ?? '…'}</strong>
      </p>
      <section className="card account-mfa" aria-labelledby="mfa-h">
        <h2 id="mfa-h">Two-step verification</h2>
        {mfa.isPending ? <Loading label="Loading two-step verification…" /> : null}
        {mfa.isError ? <ProblemMessage error={mfa.error} /> : null}
        {mfa.data ? (
          <>
            <p>
              <span className={`status ${mfa.data.enrolled ? 'active' : 'blocked'}`}>
                {mfa.data.enrolled ? 'On' : 'Off'}
              </span>{' '}
              {mfa.data.required && !mfa.data.enrolled ? 'Your organization requires two-step verification.' : null}
            </p>
            {codes ? (
              <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
            ) : mfa.data.enrolled ? (
              <MfaManage mfa={mfa.data} onCodes={showCodes} />
            ) : (
              <MfaEnrol required={mfa.data.required} onCodes={showCodes} />
            )}
          </>
        ) : null}
      </section>
    </>
  );
}
