import { useId } from 'react';
import type { OrgMapping } from '../../api/mapping';
import { GroupPriorities } from './group-priorities';

const METHODS: { method: OrgMapping['method']; label: string; hint: string }[] = [
  { method: 'none', label: 'No mapping', hint: 'New users land in the root organization.' },
  { method: 'single', label: 'Single organization', hint: 'Every new user goes to one organization.' },
  {
    method: 'orgName',
    label: 'orgName attribute',
    hint: 'The attribute names the organization; missing ones are created.',
  },
  {
    method: 'attribute',
    label: 'Custom attribute',
    hint: 'Any SCIM attribute names the organization, e.g. addresses[type eq "work"].locality.',
  },
  { method: 'groups', label: 'SCIM groups', hint: 'Pushed groups map to organizations in priority order.' },
];

/** Switching method keeps what can be kept and fills the rest with the first organization. */
function switchTo(method: OrgMapping['method'], cur: OrgMapping, firstOrg: string): OrgMapping {
  const unmapped = 'unmappedOrgId' in cur ? cur.unmappedOrgId : firstOrg;
  switch (method) {
    case 'single':
      return { method, orgId: 'orgId' in cur ? cur.orgId : firstOrg };
    case 'orgName':
      return { method, unmappedOrgId: unmapped };
    case 'attribute':
      return { method, path: 'path' in cur ? cur.path : '', unmappedOrgId: unmapped };
    case 'groups':
      return { method, groups: 'groups' in cur ? cur.groups : [], unmappedOrgId: unmapped };
    default:
      return { method: 'none' };
  }
}

/** The organization-mapping dialog's body (SPEC C3): exactly one method per provider. */
export function OrgMappingForm(props: {
  value: OrgMapping;
  onChange: (m: OrgMapping) => void;
  orgs: { id: string; label: string }[];
  groups: { id: string; displayName: string }[];
}) {
  const id = useId();
  const { value: m, onChange, orgs } = props;
  const firstOrg = orgs[0]?.id ?? '';
  const orgSelect = (label: string, current: string, set: (orgId: string) => void) => (
    <>
      <label htmlFor={`${id}-${label}`}>{label}</label>
      <select id={`${id}-${label}`} value={current} onChange={(e) => set(e.target.value)}>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <>
      <fieldset className="plain">
        <legend>Organization mapping method</legend>
        {METHODS.map((x) => (
          <label key={x.method} className="check">
            <input
              type="radio"
              name={`${id}-method`}
              checked={m.method === x.method}
              onChange={() => onChange(switchTo(x.method, m, firstOrg))}
            />
            <span>
              {x.label} <span className="reason">— {x.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {m.method === 'single' ? orgSelect('Organization', m.orgId, (orgId) => onChange({ ...m, orgId })) : null}
      {m.method === 'attribute' ? (
        <>
          <label htmlFor={`${id}-path`}>SCIM attribute</label>
          <input
            id={`${id}-path`}
            value={m.path}
            placeholder='addresses[type eq "work"].locality'
            onChange={(e) => onChange({ ...m, path: e.target.value })}
          />
        </>
      ) : null}
      {m.method === 'groups' ? (
        <GroupPriorities
          rows={m.groups}
          onChange={(groups) => onChange({ ...m, groups })}
          groups={props.groups}
          orgs={orgs}
        />
      ) : null}
      {m.method === 'orgName' || m.method === 'attribute' || m.method === 'groups'
        ? orgSelect('Organization for unmapped users', m.unmappedOrgId, (unmappedOrgId) =>
            onChange({ ...m, unmappedOrgId }),
          )
        : null}
    </>
  );
}
