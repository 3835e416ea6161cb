import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { listProviders } from '../api/providers';

/** A filter on the owning provider (users list, sync log); `localOption` adds "Local users". */
export function ProviderSelect(props: {
  value: string;
  onChange: (providerId: string) => void;
  anyLabel: string;
  localOption?: boolean;
}) {
  const id = useId();
  const providers = useQuery({ queryKey: ['providers'], queryFn: listProviders });
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
