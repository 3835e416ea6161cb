import { Link, Outlet } from '@tanstack/react-router';

const NAV = [
  { to: '/organizations', label: 'Organizations' },
  { to: '/users', label: 'Users' },
  { to: '/legal-holds', label: 'Legal holds' },
  { to: '/settings/identity/provisioning', label: 'Identity management' },
] as const;
/** The console's frame: a skip link, the product bar, the navigation, and the screen. */
export function ConsoleLayout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Roster</span>
      </header>
      <div className="frame">
        <nav aria-label="Main" className="sidenav">
          <ul>
            {NAV.map((n) => (
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
