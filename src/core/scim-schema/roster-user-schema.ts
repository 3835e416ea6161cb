// Roster's User extension: what the seeds add (SPEC C2). An administrator's custom field is one
// more entry here; extension attributes without a column of their own are kept as JSON.
import { stored, storedAsJson, type SchemaSpec } from './attribute-spec.js';

/** Roster's User extension URN. */
export const ROSTER_USER_URN = 'urn:roster:params:scim:schemas:extension:roster:2.0:User';

/** The Roster User extension schema. */
export const ROSTER_USER_SCHEMA: SchemaSpec = {
  id: ROSTER_USER_URN,
  name: 'RosterUser',
  description: 'Roster User extension',
  attributes: [
    // c42OrgName is the name earlier (Code42-era) clients used for orgName.
    stored('orgName', 'org_name', {
      description: 'Names the Roster organization (organization mapping by attribute). Also accepted as c42OrgName.',
      aliases: ['c42OrgName'],
    }),
    stored('employeeType', 'employee_type'),
    // An administrator's custom field: no column of its own, kept in users.attributes.
    storedAsJson('costCenterCode', { description: 'The cost center code, an administrator-defined field.' }),
  ],
};
