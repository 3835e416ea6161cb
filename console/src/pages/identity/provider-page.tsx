import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { deleteProvider, getProvider, rotateProvider, type ProviderWithCredential } from '../../api/providers';
import { ConfirmButton } from '../../components/confirm-dialog';
import { CopyField } from '../../components/copy-field';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { ApplySection } from './apply-section';
import { CredentialDialog } from './credential-dialog';
import { DelaySection } from './delay-section';
import { HeldDeactivations } from './held-deactivations';
import { IdentityTabs } from './identity-tabs';
import { MappingSection } from './mapping-section';

const route = getRouteApi('/console/settings/identity/provisioning/$providerId');

/** One provisioning provider (SPEC C2–C4, C10): credential, delay, mapping, Apply, guard, delete. */
export function ProviderPage() {
  const { providerId } = route.useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const provider = useQuery({ queryKey: ['provider', providerId], queryFn: () => getProvider(providerId) });
  const [rotated, setRotated] = useState<ProviderWithCredential>();
  const rotate = useMutation({ mutationFn: () => rotateProvider(providerId), onSuccess: setRotated });
  const remove = useMutation({
    mutationFn: (users: 'local' | undefined) => deleteProvider(providerId, users),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['providers'] });
      void navigate({ to: '/settings/identity/provisioning' });
    },
  });
  if (provider.isPending) return <Loading />;
  if (provider.isError) return <ProblemMessage error={provider.error} />;
  const p = provider.data;
  return (
    <>
      <h1>Identity management</h1>
      <IdentityTabs />
      <p className="breadcrumb">
        <Link to="/settings/identity/provisioning">Provisioning</Link> › {p.name}
      </p>
      <HeldDeactivations providerId={p.id} />
      <div className="cards">
        <section className="card" aria-labelledby="cred-h">
          <h2 id="cred-h">{p.name}</h2>
          <dl className="fields">
            <dt>Type</dt>
            <dd>{p.type === 'dirsync' ? 'Directory sync' : 'SCIM'}</dd>
            <dt>Authentication</dt>
            <dd>{p.authType === 'bearer' ? 'Bearer token' : `Username ${p.basicUsername ?? ''} and password`}</dd>
            <dt>Credential issued</dt>
            <dd>{formatDate(p.credentialRotatedAt)}</dd>
          </dl>
          <CopyField label="Base URL" value={p.scimBaseUrl} />
          <div className="actions">
            <ConfirmButton
              label="Regenerate credential"
              title="Regenerate the credential?"
              confirmLabel="Regenerate"
              danger
              onConfirm={() => rotate.mutate()}
            >
              <p>The current credential stops working at once; the identity provider needs the new one.</p>
            </ConfirmButton>
          </div>
          <ProblemMessage error={rotate.error} />
        </section>
        <DelaySection provider={p} />
        <MappingSection provider={p} />
        <ApplySection providerId={p.id} />
      </div>
      <section aria-labelledby="delete-h" className="danger-zone">
        <h2 id="delete-h">Delete provider</h2>
        <p className="muted">
          Roster never lets users disappear with their provider: a provider that still owns users is deleted only when
          its users are handed to local management, where administrators manage them by hand.
        </p>
        <div className="actions">
          <ConfirmButton
            label="Delete provider"
            title={`Delete ${p.name}?`}
            confirmLabel="Delete and keep its users as local users"
            danger
            onConfirm={() => remove.mutate('local')}
          >
            <p>
              Its SCIM endpoint and credential stop working at once. Its users stay, with their organizations, roles,
              devices and archives, as local users.
            </p>
          </ConfirmButton>
        </div>
        <ProblemMessage error={remove.error} />
      </section>
      <CredentialDialog created={rotated} title="New credential" onClose={() => setRotated(undefined)} />
    </>
  );
}
