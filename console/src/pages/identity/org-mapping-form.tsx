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
  return (
    <>
      <OrgMethodPicker name={`${id}-method`} value={m} onChange={onChange} firstOrg={firstOrg} />
      {m.method === 'single' ? (
        <OrgSelect
          id={`${id}-Organization`}
          label="Organization"
          orgs={orgs}
          value={m.orgId}
          onChange={(orgId) => onChange({ ...m, orgId })}
        />
      ) : null}
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
      {m.method === 'orgName' || m.method === 'attribute' || m.method === 'groups' ? (
        <OrgSelect
          id={`${id}-Organization for unmapped users`}
          label="Organization for unmapped users"
          orgs={orgs}
          value={m.unmappedOrgId}
          onChange={(unmappedOrgId) => onChange({ ...m, unmappedOrgId })}
        />
      ) : null}
    </>
  );
}

/** A labelled organization picker. */
function OrgSelect(props: {
  id: string;
  label: string;
  orgs: { id: string; label: string }[];
  value: string;
  onChange: (orgId: string) => void;
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** One radio button per mapping method, each with its hint. */
function OrgMethodPicker(props: {
  name: string;
  value: OrgMapping;
  onChange: (m: OrgMapping) => void;
  firstOrg: string;
}) {
  return (
    <fieldset className="plain">
      <legend>Organization mapping method</legend>
      {METHODS.map((x) => (
        <label key={x.method} className="check">
          <input
            type="radio"
            name={props.name}
            checked={props.value.method === x.method}
            onChange={() => props.onChange(switchTo(x.method, props.value, props.firstOrg))}
          />
          <span>
            {x.label} <span className="reason">— {x.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
