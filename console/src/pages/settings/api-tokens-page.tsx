import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listApiTokens, revokeApiToken } from '../../api/api-tokens';
import { getMe } from '../../api/session';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { TokenTable } from './api-tokens-table';
import { CreateTokenForm } from './create-token-form';

/** API tokens for automation (SPEC C6): create (secret shown once), list with last use and expiry, revoke. */
export function ApiTokensPage() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: listApiTokens });
  const revoke = useMutation({
    mutationFn: revokeApiToken,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const list = tokens.data ?? [];
  return (
    <>
      <h1>API tokens</h1>
      <CreateTokenForm />
      <ProblemMessage error={tokens.error ?? revoke.error} />
      {tokens.isPending ? (
        <Loading label="Loading API tokens…" />
      ) : list.length === 0 ? (
        tokens.isError ? null : (
          <Empty title="No API tokens yet">
            <p className="muted">Create one for a script or an integration that calls the admin API.</p>
          </Empty>
        )
      ) : (
        <TokenTable tokens={list} myUserId={me.data?.userId ?? null} onRevoke={(id) => revoke.mutate(id)} />
      )}
    </>
  );
}
