import { useId } from 'react';
import type { Organization } from '../../api/organizations';

/** The organization's own MFA setting: inherited from the parent (null), required (true) or not (false). */
export type MfaSetting = 'inherit' | 'required' | 'off';

export const mfaSettingOf = (org: Organization): MfaSetting =>
  org.settings.mfaRequired === null ? 'inherit' : org.settings.mfaRequired ? 'required' : 'off';

export const mfaRequiredOf = (s: MfaSetting): boolean | null => (s === 'inherit' ? null : s === 'required');

/** SPEC C6 MFA requirement for local users, per organization, inherited down the tree unless set. */
export function MfaRequirementField(props: {
  org: Organization;
  value: MfaSetting;
  onChange: (v: MfaSetting) => void;
}) {
  const id = useId();
  const inForce = props.org.effective.mfaRequired ? 'required' : 'not required';
  return (
    <div>
      <label htmlFor={id}>Multi-factor authentication for local users</label>
      <select
        id={id}
        value={props.value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => props.onChange(e.target.value as MfaSetting)}
      >
        <option value="inherit">
          {props.org.parentId === null ? 'Not set (not required)' : 'As the parent organization'}
        </option>
        <option value="required">Required</option>
        <option value="off">Not required</option>
      </select>
      <p id={`${id}-hint`} className="muted">
        In force now: {inForce}. Users without an authenticator enrol at their next sign-in; child organizations follow
        unless they set their own.
      </p>
    </div>
  );
}
