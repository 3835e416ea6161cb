import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listApiTokens, revokeApiToken, type ApiToken } from '../../api/api-tokens';
import { getMe } from '../../api/session';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { CreateTokenForm } from './create-token-form';

function tokenState(t: ApiToken, now: number): string {
  if (t.revokedAt) return `Revoked ${formatDate(t.revokedAt)}`;
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return 'Expired';
  return 'Active';
}

/** API tokens for automation (SPEC C6): create (secret shown once), list with last use and expiry, revoke. */
export function ApiTokensPage() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: listApiTokens });
  const revoke = useMutation({
    mutationFn: revokeApiToken,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const now = Date.now();
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
        <div className="table-scroll">
          <table>
            <caption className="sr-only">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.userId === me.data?.userId ? 'You' : t.userId}</td>
                  <td>{formatDate(t.createdAt)}</td>
                  <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
                  <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</td>
                  <td>{tokenState(t, now)}</td>
                  <td>
                    {t.revokedAt ? null : (
                      <ConfirmButton
                        label={`Revoke ${t.name}`}
                        title={`Revoke ${t.name}?`}
                        confirmLabel="Revoke"
                        danger
                        onConfirm={() => revoke.mutate(t.id)}
                      >
                        <p>Calls made with this token are refused from now on. This cannot be undone.</p>
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
