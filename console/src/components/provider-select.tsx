import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { listProviders } from '../api/providers';
import { getMe, permissionsOf } from '../api/session';

/**
 * The tenant's providers, read only by callers who may see them (SPEC C6: identity management is
 * Customer Cloud Admin's); for anyone else the list is empty rather than a refused request.
 */
export function useProviderList() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const allowed = permissionsOf(me.data).has('identity_management.manage');
  return useQuery({ queryKey: ['providers'], queryFn: listProviders, enabled: allowed });
}

/** A filter on the owning provider (users list, sync log); `localOption` adds "Local users". */
export function ProviderSelect(props: {
  value: string;
  onChange: (providerId: string) => void;
  anyLabel: string;
  localOption?: boolean;
}) {
  const id = useId();
  const providers = useProviderList();
  return (
    <>
      <label htmlFor={id}>Provider</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.anyLabel}</option>
        {props.localOption ? <option value="local">Local users</option> : null}
        {(providers.data ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </>
  );
}
