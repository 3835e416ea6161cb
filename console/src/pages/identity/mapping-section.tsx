import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { getMapping, listProviderGroups, setMapping, type MappingSettings } from '../../api/mapping';
import { flattenTrees, getOrganizationTrees } from '../../api/organizations';
import type { Provider } from '../../api/providers';
import { listRoles } from '../../api/roles';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';
import { OrgMappingForm } from './org-mapping-form';
import { RoleMappingForm } from './role-mapping-form';

const ORG_METHOD: Record<string, string> = {
  none: 'No mapping (root organization)',
  single: 'Single organization',
  orgName: 'orgName attribute',
  attribute: 'Custom attribute',
  groups: 'SCIM groups',
  directorySync: "The directory sync tool's organization script",
};
const ROLE_METHOD: Record<string, string> = {
  manual: 'Manual',
  groups: 'SCIM groups → roles',
  managed: 'Managed roles',
};

/** Organization and role mapping (SPEC C3): summary, and one dialog that edits both. */
export function MappingSection({ provider }: { provider: Provider }) {
  const qc = useQueryClient();
  const mapping = useQuery({ queryKey: ['mapping', provider.id], queryFn: () => getMapping(provider.id) });
  const groups = useQuery({ queryKey: ['groups', provider.id], queryFn: () => listProviderGroups(provider.id) });
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, staleTime: Infinity });
  const [editing, setEditing] = useState<'organization' | 'roles'>();
  const [draft, setDraft] = useState<MappingSettings>();
  const orgOptions = useMemo(
    () =>
      flattenTrees(orgs.data ?? []).map(({ org, depth }) => ({
        id: org.id,
        label: '\u00a0\u00a0'.repeat(depth) + org.name,
      })),
    [orgs.data],
  );
  const save = useMutation({
    mutationFn: (m: MappingSettings) => setMapping(provider.id, m),
    onSuccess: (m) => {
      qc.setQueryData(['mapping', provider.id], m);
      setEditing(undefined);
    },
  });
  if (mapping.isPending) return <Loading />;
  if (mapping.isError) return <ProblemMessage error={mapping.error} />;
  const m = mapping.data;
  const open = (which: 'organization' | 'roles') => {
    save.reset();
    setDraft(m);
    setEditing(which);
  };
  const groupList = groups.data?.groups ?? [];
  return (
    <section className="card" aria-labelledby="mapping-h">
      <h2 id="mapping-h">Organization and role mapping</h2>
      <dl className="fields">
        <dt>Organization mapping</dt>
        <dd>{ORG_METHOD[m.organization.method]}</dd>
        <dt>Role mapping</dt>
        <dd>{ROLE_METHOD[m.roles.method]}</dd>
      </dl>
      <div className="actions">
        {provider.type !== 'dirsync' ? (
          <button type="button" className="secondary" onClick={() => open('organization')}>
            Edit organization mapping
          </button>
        ) : (
          <p className="reason">
            A directory sync's organization script decides the organization; mapping is disabled.
          </p>
        )}
        <button type="button" className="secondary" onClick={() => open('roles')}>
          Edit role mapping
        </button>
      </div>
      <Modal
        isOpen={editing !== undefined && draft !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing === 'organization' ? 'Organization mapping' : 'Role mapping'}
        wide
      >
        {draft && editing === 'organization' ? (
          <OrgMappingForm
            value={draft.organization}
            onChange={(organization) => setDraft({ ...draft, organization })}
            orgs={orgOptions}
            groups={groupList}
          />
        ) : null}
        {draft && editing === 'roles' ? (
          <RoleMappingForm
            value={draft.roles}
            onChange={(r) => setDraft({ ...draft, roles: r })}
            providerType={provider.type}
            roles={roles.data ?? []}
            groups={groupList}
          />
        ) : null}
        <p className="muted">
          Saving changes the settings only; use Apply organization and role settings to move existing users.
        </p>
        <ProblemMessage error={save.error} />
        <div className="actions">
          <button type="button" disabled={save.isPending || !draft} onClick={() => draft && save.mutate(draft)}>
            Save mapping
          </button>
          <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
        </div>
      </Modal>
    </section>
  );
}
