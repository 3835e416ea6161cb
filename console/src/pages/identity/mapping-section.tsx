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

/** The provider's mapping and what its dialogs choose from: SCIM groups, organizations (indented), roles. */
function useMappingData(providerId: string) {
  const mapping = useQuery({ queryKey: ['mapping', providerId], queryFn: () => getMapping(providerId) });
  const groups = useQuery({ queryKey: ['groups', providerId], queryFn: () => listProviderGroups(providerId) });
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: getOrganizationTrees });
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, staleTime: Infinity });
  const orgOptions = useMemo(
    () =>
      flattenTrees(orgs.data ?? []).map(({ org, depth }) => ({
        id: org.id,
        label: '\u00a0\u00a0'.repeat(depth) + org.name,
      })),
    [orgs.data],
  );
  return { mapping, groupList: groups.data?.groups ?? [], orgOptions, roles: roles.data ?? [] };
}

/** Organization and role mapping (SPEC C3): summary, and one dialog that edits both. */
export function MappingSection({ provider }: { provider: Provider }) {
  const qc = useQueryClient();
  const { mapping, groupList, orgOptions, roles } = useMappingData(provider.id);
  const [editing, setEditing] = useState<'organization' | 'roles'>();
  const [draft, setDraft] = useState<MappingSettings>();
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
  return (
    <section className="card" aria-labelledby="mapping-h">
      <h2 id="mapping-h">Organization and role mapping</h2>
      <MappingSummary mapping={m} providerType={provider.type} onEdit={open} />
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
            roles={roles}
            groups={groupList}
          />
        ) : null}
        <MappingDialogFooter
          error={save.error}
          disabled={save.isPending || !draft}
          onSave={() => draft && save.mutate(draft)}
          onCancel={() => setEditing(undefined)}
        />
      </Modal>
    </section>
  );
}

/** The mapping dialog's note, error and Save / Cancel buttons. */
function MappingDialogFooter(props: { error: unknown; disabled: boolean; onSave: () => void; onCancel: () => void }) {
  return (
    <>
      <p className="muted">
        Saving changes the settings only; use Apply organization and role settings to move existing users.
      </p>
      <ProblemMessage error={props.error} />
      <div className="actions">
        <button type="button" disabled={props.disabled} onClick={props.onSave}>
          Save mapping
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** The chosen methods, and the buttons that open the dialog (a directory sync cannot map organizations). */
function MappingSummary(props: {
  mapping: MappingSettings;
  providerType: string;
  onEdit: (which: 'organization' | 'roles') => void;
}) {
  return (
    <>
      <dl className="fields">
        <dt>Organization mapping</dt>
        <dd>{ORG_METHOD[props.mapping.organization.method]}</dd>
        <dt>Role mapping</dt>
        <dd>{ROLE_METHOD[props.mapping.roles.method]}</dd>
      </dl>
      <div className="actions">
        {props.providerType !== 'dirsync' ? (
          <button type="button" className="secondary" onClick={() => props.onEdit('organization')}>
            Edit organization mapping
          </button>
        ) : (
          <p className="reason">
            A directory sync's organization script decides the organization; mapping is disabled.
          </p>
        )}
        <button type="button" className="secondary" onClick={() => props.onEdit('roles')}>
          Edit role mapping
        </button>
      </div>
    </>
  );
}
