import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMe, permissionsOf } from '../../api/session';
import { deauthorizeDevice, type UserDetail } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';

/** The user's devices; deauthorizing one signs its agent out (it keeps its archives), for those who may. */
export function UserDevices({ detail }: { detail: UserDetail }) {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const canManage = permissionsOf(me.data).has('devices.create_deactivate');
  const deauthorize = useMutation({
    mutationFn: deauthorizeDevice,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['user', detail.user.id] }),
  });
  const devices = detail.devices;
  return (
    <section className="card" aria-labelledby="devices-h">
      <h2 id="devices-h">Devices</h2>
      <ProblemMessage error={deauthorize.error} />
      {devices.length === 0 ? (
        <p className="muted">No devices.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">OS</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              {canManage ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{d.os}</td>
                <td>{d.blocked ? `${d.status}, blocked` : d.status}</td>
                <td>{formatDate(d.lastSeenAt)}</td>
                {canManage ? (
                  <td>
                    {d.status === 'active' ? (
                      <ConfirmButton
                        label={`Deauthorize ${d.name}`}
                        title={`Deauthorize ${d.name}?`}
                        confirmLabel="Deauthorize"
                        disabled={deauthorize.isPending}
                        onConfirm={() => deauthorize.mutate(d.id)}
                      >
                        <p>
                          The device's agent is signed out and stops backing up until the user signs in on it again. Its
                          archives are kept.
                        </p>
                      </ConfirmButton>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
