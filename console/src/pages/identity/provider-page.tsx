import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { getProvider, rotateProvider, type ProviderWithCredential } from '../../api/providers';
import { ConfirmButton } from '../../components/confirm-dialog';
import { CopyField } from '../../components/copy-field';
import { formatDate } from '../../components/format';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { ApplySection } from './apply-section';
import { CredentialDialog } from './credential-dialog';
import { DelaySection } from './delay-section';
import { DeleteProviderSection } from './delete-provider-section';
import { HeldDeactivations } from './held-deactivations';
import { IdentityTabs } from './identity-tabs';
import { MappingSection } from './mapping-section';
import { RenameProviderDialog } from './rename-provider-dialog';

const route = getRouteApi('/console/settings/identity/provisioning/$providerId');

/** One provisioning provider (SPEC C2–C4, C10): credential, delay, mapping, Apply, guard, delete. */
export function ProviderPage() {
  const { providerId } = route.useParams();
  const provider = useQuery({ queryKey: ['provider', providerId], queryFn: () => getProvider(providerId) });
  const [rotated, setRotated] = useState<ProviderWithCredential>();
  const rotate = useMutation({ mutationFn: () => rotateProvider(providerId), onSuccess: setRotated });
  const [renaming, setRenaming] = useState(false);
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
            <button type="button" className="secondary" onClick={() => setRenaming(true)}>
              Rename
            </button>
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
      <DeleteProviderSection provider={p} />
      {renaming ? <RenameProviderDialog provider={p} onClose={() => setRenaming(false)} /> : null}
      <CredentialDialog created={rotated} title="New credential" onClose={() => setRotated(undefined)} />
    </>
  );
}
