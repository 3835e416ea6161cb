import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ProblemError } from '../../api/problem';
import { regenerateRecoveryCodes, turnOffMyMfa, type MyMfa } from '../../api/me-mfa';
import { CodeField } from '../../components/code-field';
import { ProblemMessage } from '../../components/problem-message';

const REQUIRED =
  'Your organization requires two-step verification, so it cannot be turned off. ' +
  'An administrator can reset it if you lose your authenticator.';

/** An enrolled user's choices: a new set of recovery codes, or turning two-step verification off. */
export function MfaManage({ mfa, onCodes }: { mfa: MyMfa; onCodes: (codes: string[]) => void }) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['me', 'mfa'] });
  const regenerate = useMutation({ mutationFn: regenerateRecoveryCodes, onSuccess: (a) => onCodes(a.recoveryCodes) });
  const turnOff = useMutation({
    mutationFn: turnOffMyMfa,
    onSuccess: refresh,
    // The organization has come to require MFA since the page loaded: show the page as it now is.
    onError: (e) => (e instanceof ProblemError && e.code === 'mfa.required' ? refresh() : undefined),
  });
  return (
    <>
      <p>{mfa.recoveryCodesLeft === 1 ? '1 recovery code left.' : `${mfa.recoveryCodesLeft} recovery codes left.`}</p>
      <CodeAction
        title="New recovery codes"
        text="Makes a new set of 10 codes; the old ones stop working."
        button="Make new recovery codes"
        mutation={regenerate}
      />
      {mfa.required ? (
        <p className="notice">{REQUIRED}</p>
      ) : (
        <CodeAction
          title="Turn off"
          text="Sign-in will ask for your password only."
          button="Turn off"
          danger
          mutation={turnOff}
        />
      )}
    </>
  );
}

/** One action that needs a current authenticator code as proof. */
function CodeAction(props: {
  title: string;
  text: string;
  button: string;
  danger?: boolean;
  mutation: { mutate: (code: string) => void; isPending: boolean; error: unknown };
}) {
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.length === 6) props.mutation.mutate(code);
  };
  const error = props.mutation.error;
  return (
    <form onSubmit={submit} noValidate className="code-action">
      <h3>{props.title}</h3>
      <p className="muted">{props.text}</p>
      <CodeField label={`Code from the app (${props.title.toLowerCase()})`} value={code} onChange={setCode} />
      {error instanceof ProblemError && error.code === 'mfa.required' ? (
        <p role="alert" className="problem">
          {REQUIRED}
        </p>
      ) : (
        <ProblemMessage error={error} />
      )}
      <div className="actions">
        <button
          type="submit"
          className={props.danger ? 'danger' : undefined}
          disabled={code.length !== 6 || props.mutation.isPending}
        >
          {props.button}
        </button>
      </div>
    </form>
  );
}
