// The user profile as the attribute registry describes it: which single-valued attributes and
// which multi-valued ones a provider can assert, where each one sits in UserProfile, and how to
// read and write it there. Mappers (SCIM wire, storage rows), organization-mapping paths and the
// sync log's attribute names iterate these lists instead of naming attributes.
import type { Address, MultiValue, MultiValueAttribute, UserProfile } from '../directory/user.js';
import type { AttributeSpec, SchemaSpec } from './attribute-spec.js';
import { USER_RESOURCE, schemasOf } from './registry.js';

/**
 * A single-valued simple attribute kept in the profile. A column-stored one is the profile field
 * of the same name (`displayName`, `name.givenName`); a JSON-stored one is `profile.attributes[name]`.
 */
export interface ProfileAttribute {
  readonly schema: SchemaSpec;
  /** The single-valued complex attribute it belongs to (`name`), if any. */
  readonly parent: string | undefined;
  readonly spec: AttributeSpec;
  /** `displayName`, `name.givenName`, `costCenter` */
  readonly path: string;
}

/** A multi-valued attribute kept as user_values rows (`emails`, `addresses`). */
export interface ProfileCollection {
  readonly spec: AttributeSpec;
  readonly subs: readonly AttributeSpec[];
}

const inProfile = (a: AttributeSpec): boolean =>
  !a.multiValued && a.type !== 'complex' && (a.storage.in === 'column' || a.storage.in === 'json');

function profileAttributesOf(schema: SchemaSpec): ProfileAttribute[] {
  return schema.attributes.flatMap((a): ProfileAttribute[] => {
    if (inProfile(a)) return [{ schema, parent: undefined, spec: a, path: a.name }];
    if (a.multiValued || a.storage.in !== 'subAttributes') return [];
    return (a.subAttributes ?? [])
      .filter(inProfile)
      .map((s) => ({ schema, parent: a.name, spec: s, path: `${a.name}.${s.name}` }));
  });
}

/** Every single-valued attribute of the profile, schema by schema in registry order. */
export const PROFILE_ATTRIBUTES: readonly ProfileAttribute[] = schemasOf(USER_RESOURCE).flatMap(profileAttributesOf);

/** Every multi-valued attribute kept as user_values rows, in registry order. */
export const PROFILE_COLLECTIONS: readonly ProfileCollection[] = USER_RESOURCE.schema.attributes
  .filter((a) => a.multiValued && a.storage.in === 'values')
  .map((spec) => ({ spec, subs: spec.subAttributes ?? [] }));

type Holder = Record<string, string | null | undefined>;

function holderOf(p: UserProfile, a: ProfileAttribute): Holder {
  if (a.spec.storage.in === 'json') return p.attributes;
  return (a.parent === undefined ? p : p[a.parent as keyof UserProfile]) as unknown as Holder;
}

/** The attribute's value in `p`. */
export function profileValue(p: UserProfile, a: ProfileAttribute): string | null {
  return holderOf(p, a)[a.spec.name] ?? null;
}

/** Sets the attribute's value in `p`, a profile being built. */
export function setProfileValue(p: UserProfile, a: ProfileAttribute, value: string | null): void {
  const holder = holderOf(p, a);
  if (a.spec.storage.in === 'json' && value === null) delete holder[a.spec.name];
  else holder[a.spec.name] = value;
}

/** The elements of a collection in `p`: addresses, or the values of a simple multi-valued attribute. */
export function profileValues(p: UserProfile, name: string): readonly (MultiValue | Address)[] {
  return name === 'addresses' ? p.addresses : (p.multi[name as MultiValueAttribute] ?? []);
}

/** Sets the elements of a collection in `p`, a profile being built. */
export function setProfileValues(p: UserProfile, name: string, values: Record<string, unknown>[]): void {
  if (name === 'addresses') p.addresses = values as unknown as Address[];
  else p.multi[name as MultiValueAttribute] = values as unknown as MultiValue[];
}
