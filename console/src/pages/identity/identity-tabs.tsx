import { Link } from '@tanstack/react-router';

/** Settings › Identity management tabs (SPEC C10); Authentication joins them with SAML. */
export function IdentityTabs() {
  return (
    <nav aria-label="Identity management" className="tabs">
      <Link to="/settings/identity/provisioning" activeProps={{ 'aria-current': 'page', className: 'active' }}>
        Provisioning
      </Link>
      <Link to="/settings/identity/sync-log" activeProps={{ 'aria-current': 'page', className: 'active' }}>
        Sync Log
      </Link>
    </nav>
  );
}
