import { useQuery } from '@tanstack/react-query';
import { listSyncLog } from '../../api/sync-log';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';

/** The user's latest sync-log entries (SPEC C5), newest first. */
export function UserHistory({ userName }: { userName: string }) {
  const log = useQuery({
    queryKey: ['sync-log', 'user', userName],
    queryFn: () =>
      listSyncLog({ username: userName, usernameMatch: 'exact', sort: 'date', order: 'desc' }, undefined, 25),
  });
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">Sync log</h2>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ProblemMessage error={log.error} />
      ) : log.data.entries.length === 0 ? (
        <p className="muted">No provider has changed this user.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Provider</th>
              <th scope="col">Change</th>
              <th scope="col">Attribute</th>
              <th scope="col">Old value</th>
              <th scope="col">New value</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.date)}</td>
                <td>{e.providerName ?? '—'}</td>
                <td>{e.changeType}</td>
                <td>{e.attribute ?? ''}</td>
                <td>{e.oldValue ?? ''}</td>
                <td>{e.newValue ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
