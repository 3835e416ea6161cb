import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { flattenTrees, getOrganizationTrees } from '../../api/organizations';
import { getMe, permissionsOf } from '../../api/session';
import { listUsers, type UserFilter, type UserStatus } from '../../api/users';
import { ProblemMessage } from '../../components/problem-message';
import { ProviderSelect, useProviderList } from '../../components/provider-select';
import { Empty, Loading } from '../../components/states';
import { useDebounced } from '../../components/use-debounced';
import { AddUserDialog } from './add-user-dialog';
import { ImportUsersDialog } from './import-users-dialog';
import { UserTable } from './user-table';

/** Users (SPEC C10): search by username prefix, organization, status and provider over cursor pages. */
export function UsersPage() {
  const id = useId();
  const [userName, setUserName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [status, setStatus] = useState<'' | UserStatus>('');
  const [providerId, setProviderId] = useState('');
  const settledName = useDebounced(userName.trim());
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const canCreate = permissionsOf(me.data).has('users.create_deactivate');
  const filter: UserFilter = { userName: settledName, orgId, status: status || undefined, providerId };

  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const providers = useProviderList();
  const users = useInfiniteQuery({
    queryKey: ['users', filter],
    queryFn: ({ pageParam }) => listUsers(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const orgList = useMemo(() => (orgs.data ? flattenTrees(orgs.data) : []), [orgs.data]);
  const orgNames = useMemo(() => new Map(orgList.map((o) => [o.org.id, o.org.name])), [orgList]);
  const providerNames = useMemo(() => new Map((providers.data ?? []).map((p) => [p.id, p.name])), [providers.data]);
  const rows = useMemo(() => users.data?.pages.flatMap((p) => p.users) ?? [], [users.data]);

  return (
    <>
      <div className="page-head">
        <h1>Users</h1>
        {canCreate ? (
          <div className="actions">
            <button type="button" onClick={() => setDialog('add')}>
              Add local user
            </button>
            <button type="button" className="secondary" onClick={() => setDialog('import')}>
              Upload CSV
            </button>
          </div>
        ) : null}
      </div>
      <AddUserDialog isOpen={dialog === 'add'} onClose={() => setDialog(null)} />
      <ImportUsersDialog isOpen={dialog === 'import'} onClose={() => setDialog(null)} />
      <form className="filters" role="search" aria-label="Search users" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor={`${id}-name`}>Username starts with</label>
          <input id={`${id}-name`} type="search" value={userName} onChange={(e) => setUserName(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-org`}>Organization</label>
          <select id={`${id}-org`} value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">All organizations</option>
            {orgList.map(({ org, depth }) => (
              <option key={org.id} value={org.id}>
                {'\u00a0\u00a0'.repeat(depth) + org.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as '' | UserStatus)}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="blocked">Blocked</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </div>
        <div>
          <ProviderSelect value={providerId} onChange={setProviderId} anyLabel="Any provider" localOption />
        </div>
      </form>
      <ProblemMessage error={users.error ?? orgs.error ?? providers.error} />
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : rows.length === 0 && !users.isError ? (
        <Empty title="No users match this search">
          <p className="muted">Change the filters, or add users locally or through a provisioning provider.</p>
        </Empty>
      ) : (
        <UserTable
          users={rows}
          orgName={(o) => orgNames.get(o) ?? o}
          providerName={(p) => (p === null ? 'Local' : (providerNames.get(p) ?? 'Provisioned'))}
          hasMore={users.hasNextPage}
          loadMore={() => void users.fetchNextPage()}
          loadingMore={users.isFetchingNextPage}
        />
      )}
      <p className="muted" role="status" aria-live="polite">
        {rows.length > 0 ? `${rows.length.toLocaleString()}${users.hasNextPage ? '+' : ''} users` : ''}
      </p>
    </>
  );
}
