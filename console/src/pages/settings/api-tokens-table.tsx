import type { ApiToken } from '../../api/api-tokens';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';

function tokenState(t: ApiToken, now: number): string {
  if (t.revokedAt) return `Revoked ${formatDate(t.revokedAt)}`;
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return 'Expired';
  return 'Active';
}

/** The tokens with owner (by username), dates, state and a revoke button each. */
export function TokenTable(props: { tokens: ApiToken[]; myUserId: string | null; onRevoke: (id: string) => void }) {
  const now = Date.now();
  return (
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
          {props.tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.userId === props.myUserId ? 'You' : (t.userName ?? 'Removed user')}</td>
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
                    onConfirm={() => props.onRevoke(t.id)}
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
  );
}
