import { useQuery } from '@tanstack/react-query';
import { Link, Outlet } from '@tanstack/react-router';
import { getMe, permissionsOf } from '../api/session';
import { SignOutButton } from './sign-out-button';
import './session.css';

// Each screen with the permission it needs (SPEC C6): a caller sees only what their roles allow.
const NAV = [
  { to: '/organizations', label: 'Organizations', needs: 'organizations.read' },
  { to: '/users', label: 'Users', needs: 'users.read' },
  { to: '/legal-holds', label: 'Legal holds', needs: 'legal_hold.manage' },
  { to: '/settings/identity/provisioning', label: 'Identity management', needs: 'identity_management.manage' },
  { to: '/audit-log', label: 'Audit log', needs: 'identity_management.manage' },
  { to: '/settings/tenant', label: 'Tenant settings', needs: 'identity_management.manage' },
  // Any console user may hold tokens acting as themselves (the route needs only a console session).
  { to: '/settings/api-tokens', label: 'API tokens', needs: null },
] as const;
/** The console's frame: a skip link, the product bar, the navigation, and the screen. */
export function ConsoleLayout() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const granted = permissionsOf(me.data);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Roster</span>
        <div className="session">
          {me.data?.userName ? (
            <Link to="/account" className="whoami" aria-label={`Account: ${me.data.userName}`}>
              {me.data.userName}
            </Link>
          ) : null}
          <SignOutButton />
        </div>
      </header>
      <div className="frame">
        <nav aria-label="Main" className="sidenav">
          <ul>
            {NAV.filter((n) => n.needs === null || granted.has(n.needs)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
