// The enterprise User extension (RFC 7643 §4.3).
import { attribute, stored, type SchemaSpec } from './attribute-spec.js';

/** Enterprise User extension URN (RFC 7643 §8.7.1). */
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// `manager` names a user of the same provider; one that does not exist yet is kept pending
// (SPEC C2 beyond), and manager.value shows it, so filters compare the pending value too.
const MANAGER = attribute('manager', {
  type: 'complex',
  description:
    'Accepted as a bare id, {value} or [{value,$ref}]. The value names a user of the same provider by id or by externalId; one that does not ' +
    'exist yet is kept as a pending reference (shown as sent, without $ref) and linked when a user of this provider arrives with that externalId.',
  storage: { in: 'state', column: 'manager_id', orElse: 'pending_manager' },
  subAttributes: [
    attribute('value', { caseExact: true, storage: { in: 'state', column: 'manager_id', orElse: 'pending_manager' } }),
    attribute('$ref', { type: 'reference', referenceTypes: ['User'], filterable: false }),
    attribute('displayName', { mutability: 'readOnly', filterable: false }),
  ],
});

/** The enterprise User extension schema. */
export const ENTERPRISE_USER_SCHEMA: SchemaSpec = {
  id: ENTERPRISE_USER_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    stored('employeeNumber', 'employee_number'),
    stored('costCenter', 'cost_center'),
    stored('organization', 'organization'),
    stored('division', 'division'),
    stored('department', 'department'),
    MANAGER,
  ],
};
