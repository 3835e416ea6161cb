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

/** The heading, with adding users (one, or a CSV file) for those who may create them. */
function UsersHead() {
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const canCreate = permissionsOf(me.data).has('users.create_deactivate');
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
    </>
  );
}

/** The users matching the filter, over cursor pages, flattened into one list. */
function useUsersQuery(filter: UserFilter) {
  const users = useInfiniteQuery({
    queryKey: ['users', filter],
    queryFn: ({ pageParam }) => listUsers(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => users.data?.pages.flatMap((p) => p.users) ?? [], [users.data]);
  return { users, rows };
}

/** Users (SPEC C10): search by username prefix, organization, status and provider over cursor pages. */
export function UsersPage() {
  const [userName, setUserName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [status, setStatus] = useState<'' | UserStatus>('');
  const [providerId, setProviderId] = useState('');
  const settledName = useDebounced(userName.trim());
  const filter: UserFilter = { userName: settledName, orgId, status: status || undefined, providerId };

  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const providers = useProviderList();
  const { users, rows } = useUsersQuery(filter);

  const orgList = useMemo(() => (orgs.data ? flattenTrees(orgs.data) : []), [orgs.data]);
  const orgNames = useMemo(() => new Map(orgList.map((o) => [o.org.id, o.org.name])), [orgList]);
  const providerNames = useMemo(() => new Map((providers.data ?? []).map((p) => [p.id, p.name])), [providers.data]);

  return (
    <>
      <UsersHead />
      <UserFilters
        userName={userName}
        setUserName={setUserName}
        orgId={orgId}
        setOrgId={setOrgId}
        orgList={orgList}
        status={status}
        setStatus={setStatus}
        providerId={providerId}
        setProviderId={setProviderId}
      />
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

/** The search form: username prefix, organization (indented tree), status and provider. */
function UserFilters(props: {
  userName: string;
  setUserName: (v: string) => void;
  orgId: string;
  setOrgId: (v: string) => void;
  orgList: ReturnType<typeof flattenTrees>;
  status: '' | UserStatus;
  setStatus: (v: '' | UserStatus) => void;
  providerId: string;
  setProviderId: (v: string) => void;
}) {
  const id = useId();
  return (
    <form className="filters" role="search" aria-label="Search users" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor={`${id}-name`}>Username starts with</label>
        <input
          id={`${id}-name`}
          type="search"
          value={props.userName}
          onChange={(e) => props.setUserName(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-org`}>Organization</label>
        <select id={`${id}-org`} value={props.orgId} onChange={(e) => props.setOrgId(e.target.value)}>
          <option value="">All organizations</option>
          {props.orgList.map(({ org, depth }) => (
            <option key={org.id} value={org.id}>
              {'\u00a0\u00a0'.repeat(depth) + org.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={props.status}
          onChange={(e) => props.setStatus(e.target.value as '' | UserStatus)}
        >
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="blocked">Blocked</option>
          <option value="deactivated">Deactivated</option>
        </select>
      </div>
      <div>
        <ProviderSelect value={props.providerId} onChange={props.setProviderId} anyLabel="Any provider" localOption />
      </div>
    </form>
  );
}
