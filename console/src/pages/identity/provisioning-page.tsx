import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { listProviders, type ProviderWithCredential } from '../../api/providers';
import { formatDuration } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Empty, Loading } from '../../components/states';
import { AddProviderDialog } from './add-provider-dialog';
import { CredentialDialog } from './credential-dialog';
import { IdentityTabs } from './identity-tabs';

/** Settings › Identity management › Provisioning (SPEC C2, C10): the tenant's provisioning providers. */
export function ProvisioningPage() {
  const providers = useQuery({ queryKey: ['providers'], queryFn: listProviders });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<ProviderWithCredential>();
  return (
    <>
      <h1>Identity management</h1>
      <IdentityTabs />
      <div className="actions">
        <button type="button" onClick={() => setAdding(true)}>
          Add provider
        </button>
      </div>
      <ProblemMessage error={providers.error} />
      {providers.isPending ? (
        <Loading />
      ) : providers.data?.length === 0 ? (
        <Empty title="No provisioning providers yet">
          <p className="muted">Add one to let Microsoft Entra ID, Okta or the directory sync tool push users here.</p>
        </Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Authentication</th>
              <th scope="col">Deactivation delay</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {(providers.data ?? []).map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to="/settings/identity/provisioning/$providerId" params={{ providerId: p.id }}>
                    {p.name}
                  </Link>
                </td>
                <td>{p.type === 'dirsync' ? 'Directory sync' : 'SCIM'}</td>
                <td>{p.authType === 'bearer' ? 'Bearer token' : 'Username and password'}</td>
                <td>{formatDuration(p.deactivationDelaySeconds)}</td>
                <td>{p.flaggedAt ? <strong className="danger-text">Deactivations held</strong> : 'Active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddProviderDialog
        isOpen={adding}
        onClose={() => setAdding(false)}
        onCreated={(c) => {
          setAdding(false);
          setCreated(c);
        }}
      />
      <CredentialDialog created={created} title="SCIM Provider Created" onClose={() => setCreated(undefined)} />
    </>
  );
}
