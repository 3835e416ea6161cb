import { useQuery } from '@tanstack/react-query';
import { listRoles } from '../../api/roles';
import { ProblemMessage } from '../../components/problem-message';
import { Loading } from '../../components/states';

/** The roles catalogue as checkboxes; `locked` roles are shown checked-or-not but cannot be changed (with why). */
export function RoleCheckboxes(props: {
  legend: string;
  value: string[];
  onChange: (roleIds: string[]) => void;
  locked?: { roleIds: ReadonlySet<string>; reason: string };
}) {
  const roles = useQuery({ queryKey: ['roles'], queryFn: listRoles, staleTime: Infinity });
  if (roles.isPending) return <Loading label="Loading roles…" />;
  if (roles.isError) return <ProblemMessage error={roles.error} />;
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.value, id] : props.value.filter((r) => r !== id));
  return (
    <fieldset className="role-picker">
      <legend>{props.legend}</legend>
      {roles.data
        .filter((r) => !r.deprecated || props.value.includes(r.id))
        .map((r) => {
          const locked = props.locked?.roleIds.has(r.id) ?? false;
          // SPEC C6 "never more": a role the caller may not give or take is shown but cannot change.
          const barred = !locked && !r.assignable;
          return (
            <label key={r.id} className="check" title={locked ? props.locked?.reason : r.description}>
              <input
                type="checkbox"
                checked={props.value.includes(r.id)}
                disabled={locked || barred}
                onChange={(e) => toggle(r.id, e.target.checked)}
              />
              {r.name}
              {locked ? <span className="reason"> (set by the provider)</span> : null}
              {barred ? <span className="reason"> (wider than your own roles)</span> : null}
            </label>
          );
        })}
    </fieldset>
  );
}
