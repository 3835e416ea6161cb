import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { listProviderNames } from '../api/providers';
import { getMe, permissionsOf } from '../api/session';

/**
 * The tenant's providers by name, for whoever may read users (SPEC C6: an Org Admin sees which
 * provider owns a user; the providers' settings stay Customer Cloud Admin's). Under the
 * 'providers' key, so that whatever changes a provider refreshes the names too.
 */
export function useProviderList() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => getMe() });
  const allowed = permissionsOf(me.data).has('users.read');
  return useQuery({ queryKey: ['providers', 'names'], queryFn: listProviderNames, enabled: allowed });
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
