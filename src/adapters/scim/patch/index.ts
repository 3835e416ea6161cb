// Public API of the SCIM PATCH engine (RFC 7644 §3.5.2). Pure functions; the HTTP route
// parses the body, applies or plans, and maps a PatchError to a SCIM 400 Error body.
export { parsePatchRequest, PATCH_OP_URN } from './parse-patch-request.js';
export { applyUserPatch } from './apply-user-patch.js';
export { planGroupPatch, planMembersPatch, type GroupPatchTarget } from './plan-group-patch.js';
export { parsePatchPath, type PatchPath } from './patch-path.js';
export { CORE_USER_URN, CORE_GROUP_URN, ENTERPRISE_USER_URN, ROSTER_USER_URN } from './schema-urns.js';
export type {
  GroupPatchPlan,
  Json,
  JsonObject,
  PatchError,
  PatchOperation,
  PatchOpName,
  Result,
  ScimType,
} from './types.js';
