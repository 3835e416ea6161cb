import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { deleteProvider, type Provider } from '../../api/providers';
import { listUsers } from '../../api/users';
import { ConfirmButton } from '../../components/confirm-dialog';
import { ProblemMessage } from '../../components/problem-message';

// Counting stops here: past it the dialog says "more than".
const COUNT_LIMIT = 500;

/** Deletes a provider, saying first what becomes of the users it owns (SPEC C2: none disappears with it). */
export function DeleteProviderSection({ provider }: { provider: Provider }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const owned = useQuery({
    queryKey: ['users', { providerId: provider.id, count: true }],
    queryFn: () => listUsers({ providerId: provider.id }, undefined, COUNT_LIMIT),
  });
  const remove = useMutation({
    mutationFn: () => deleteProvider(provider.id, 'local'),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['providers'] });
      void qc.invalidateQueries({ queryKey: ['users'] });
      void navigate({ to: '/settings/identity/provisioning' });
    },
  });
  const n = owned.data?.users.length ?? 0;
  const users = owned.data?.nextCursor ? `more than ${COUNT_LIMIT} users` : `${n} user${n === 1 ? '' : 's'}`;
  return (
    <section aria-labelledby="delete-h" className="danger-zone">
      <h2 id="delete-h">Delete provider</h2>
      <p className="muted">
        Roster never lets users disappear with their provider: a provider that still owns users is deleted only when its
        users are handed to local management, where administrators manage them by hand.
      </p>
      <div className="actions">
        <ConfirmButton
          label="Delete provider"
          title={`Delete ${provider.name}?`}
          confirmLabel={n > 0 ? 'Delete and keep its users as local users' : 'Delete provider'}
          danger
          disabled={owned.isPending}
          onConfirm={() => remove.mutate()}
        >
          <p>Its SCIM endpoint and credential stop working at once.</p>
          {n > 0 ? (
            <p>
              It provisions <strong>{users}</strong>. They stay, with their organizations, roles, devices and archives,
              as local users: nobody is deactivated, and administrators manage them by hand from then on.
            </p>
          ) : (
            <p>It provisions no users.</p>
          )}
        </ConfirmButton>
      </div>
      <ProblemMessage error={remove.error ?? owned.error} />
    </section>
  );
}
