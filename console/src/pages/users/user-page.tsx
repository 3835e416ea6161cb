import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { getUser, type UserDetail, type UserProfile } from '../../api/users';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { UserActions } from './user-actions';
import { UserDevices } from './user-devices';
import { UserMfa } from './user-mfa';
import { UserHistory } from './user-history';

const route = getRouteApi('/console/users/$userId');

const PROFILE: [keyof UserProfile, string][] = [
  ['email', 'Email'],
  ['givenName', 'First name'],
  ['familyName', 'Last name'],
  ['title', 'Job title'],
  ['department', 'Department'],
  ['division', 'Division'],
  ['employeeType', 'Employee type'],
  ['city', 'City'],
  ['state', 'State'],
  ['country', 'Country'],
  ['managerId', 'Manager'],
  ['externalId', 'External id'],
];

/** One user (SPEC C10): profile, roles, devices, archives, legal holds, pending deactivation, sync-log history. */
export function UserPage() {
  const { userId } = route.useParams();
  const user = useQuery({ queryKey: ['user', userId], queryFn: () => getUser(userId) });
  if (user.isPending) return <Loading label="Loading user…" />;
  if (user.isError) return <ProblemMessage error={user.error} />;
  const u = user.data;
  return (
    <>
      <h1>
        {u.user.userName} <span className={`status ${u.user.status}`}>{u.user.status}</span>
      </h1>
      {u.pendingDeactivation ? <PendingDeactivation p={u.pendingDeactivation} /> : null}
      <UserActions detail={u} />
      <div className="cards">
        <ProfileCard detail={u} />
        <RolesCard detail={u} />
        <UserDevices detail={u} />
        <UserMfa detail={u} />
        <ArchivesCard detail={u} />
        <LegalHoldsCard detail={u} />
      </div>
      <UserHistory userName={u.user.userName} />
    </>
  );
}

function PendingDeactivation({ p }: { p: NonNullable<UserDetail['pendingDeactivation']> }) {
  const text =
    p.state === 'pending'
      ? `The provider deactivated this user; they are blocked and will be deactivated at ${formatDate(p.dueAt)} unless the provider reactivates them first.`
      : p.state === 'held_legal'
        ? 'A deactivation is wanted, but the user is on legal hold: they stay blocked and are deactivated when released.'
        : 'A deactivation is held by the mass-deprovision guard until an administrator confirms or rejects it.';
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}

/** The profile attributes the console shows, a dash for each one not set. */
function ProfileCard({ detail: u }: { detail: UserDetail }) {
  return (
    <section className="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <dl className="fields">
        {PROFILE.map(([key, label]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{u.profile[key] ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The user's roles, each with where it came from. */
function RolesCard({ detail: u }: { detail: UserDetail }) {
  return (
    <section className="card" aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      {u.roles.length === 0 ? (
        <p className="muted">No roles.</p>
      ) : (
        <ul>
          {u.roles.map((r) => (
            <li key={r.roleId}>
              {r.name} <span className="reason">({r.source})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The user's archives and, while in cold storage, until when. */
function ArchivesCard({ detail: u }: { detail: UserDetail }) {
  return (
    <section className="card" aria-labelledby="archives-h">
      <h2 id="archives-h">Archives</h2>
      {u.archives.length === 0 ? (
        <p className="muted">No archives.</p>
      ) : (
        <ul>
          {u.archives.map((a) => (
            <li key={a.id}>
              {a.destination}: {a.state.replace('_', ' ')}
              {a.coldStorageUntil ? ` until ${formatDate(a.coldStorageUntil)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The legal-hold matters the user is a custodian of. */
function LegalHoldsCard({ detail: u }: { detail: UserDetail }) {
  return (
    <section className="card" aria-labelledby="holds-h">
      <h2 id="holds-h">Legal holds</h2>
      {u.legalHolds.length === 0 ? (
        <p className="muted">Not on legal hold.</p>
      ) : (
        <ul>
          {u.legalHolds.map((h) => (
            <li key={h.id}>
              {h.name} ({h.status})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
