// What a SCIM filter (RFC 7644 §3.4.2.2) and `sortBy` (§3.4.2.3) may name, derived from the
// attribute registry: the scalar fields and multi-valued collections of a resource type, each with
// its comparison kind and where it is stored. The SCIM adapter resolves filter paths with it;
// storage turns fields and collections into columns with it.
import type { FieldKind } from '../directory/query.js';
import type { AttributeSpec, AttributeStorage } from './attribute-spec.js';
import { GROUP_RESOURCE, USER_RESOURCE, schemasOf, type ResourceTypeSpec } from './registry.js';

/** A scalar a filter compares: `path` is the attribute path (`userName`, `name.givenName`, `meta.created`). */
export interface FieldDef {
  readonly path: string;
  readonly kind: FieldKind;
  readonly storage: AttributeStorage;
  readonly sortable: boolean;
}

/** A multi-valued attribute; `subs` are its filterable sub-attributes (path = the sub-attribute's name). */
export interface CollectionDef {
  readonly name: string;
  readonly storage: AttributeStorage;
  readonly subs: readonly FieldDef[];
}

/** What one filter attribute name stands for. */
export type FilterTarget =
  | { readonly kind: 'field'; readonly field: string }
  /** a multi-valued attribute, optionally with a sub-attribute (`emails`, `emails.type`) */
  | { readonly kind: 'collection'; readonly collection: string; readonly sub: string | undefined }
  /** a single-valued complex attribute without sub-attribute (`name`): only `pr` applies */
  | { readonly kind: 'complex'; readonly fields: readonly string[] }
  /** an attribute every resource has with fixed values (`meta.resourceType`, `schemas`) */
  | { readonly kind: 'constant'; readonly values: readonly string[] }
  /** an attribute that exists but may not be filtered on (`password`, returned "never") */
  | { readonly kind: 'unfilterable' };

/** The filter vocabulary of one resource type. */
export interface ResourceVocabulary {
  /** Per schema URN: lower-cased attribute name (or `name.sub`) → target. The core schema holds the common attributes. */
  readonly namespaces: readonly (readonly [urn: string, names: ReadonlyMap<string, FilterTarget>])[];
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly collections: ReadonlyMap<string, CollectionDef>;
}

/** The comparison kind of a simple attribute (RFC 7643 §2.3 type, §2.2 caseExact). */
export function fieldKind(a: AttributeSpec): FieldKind {
  if (a.type === 'boolean') return 'boolean';
  if (a.type === 'dateTime') return 'datetime';
  return a.caseExact ? 'string' : 'ci-string';
}

const fieldDef = (path: string, a: AttributeSpec): FieldDef => ({
  path,
  kind: fieldKind(a),
  storage: a.storage,
  sortable: a.sortable,
});

const namesOf = (a: AttributeSpec): string[] => [a.name, ...(a.aliases ?? [])].map((n) => n.toLowerCase());

/** Builds the vocabulary of a resource type from its schemas. */
export function resourceVocabulary(r: ResourceTypeSpec): ResourceVocabulary {
  const fields = new Map<string, FieldDef>();
  const collections = new Map<string, CollectionDef>();
  const namespaces = schemasOf(r).map((schema, i) => {
    const names = new Map<string, FilterTarget>();
    const attributes = i === 0 ? [...r.common, ...schema.attributes] : schema.attributes;
    for (const a of attributes) addAttribute(a, names, fields, collections);
    if (i === 0) {
      names.set('meta.resourcetype', { kind: 'constant', values: [r.id] });
      names.set('schemas', { kind: 'constant', values: schemasOf(r).map((s) => s.id) });
    }
    return [schema.id, names] as const;
  });
  return { namespaces, fields, collections };
}

function addAttribute(
  a: AttributeSpec,
  names: Map<string, FilterTarget>,
  fields: Map<string, FieldDef>,
  collections: Map<string, CollectionDef>,
): void {
  const set = (target: FilterTarget, suffix = '') => namesOf(a).forEach((n) => names.set(n + suffix, target));
  if (!a.filterable) return set({ kind: 'unfilterable' });
  const subs = (a.subAttributes ?? []).filter((s) => s.filterable && s.storage.in !== 'computed');
  if (a.multiValued) {
    collections.set(a.name, { name: a.name, storage: a.storage, subs: subs.map((s) => fieldDef(s.name, s)) });
    return set({ kind: 'collection', collection: a.name, sub: undefined });
  }
  if (a.type !== 'complex') {
    fields.set(a.name, fieldDef(a.name, a));
    return set({ kind: 'field', field: a.name });
  }
  for (const s of subs) {
    const path = `${a.name}.${s.name}`;
    fields.set(path, fieldDef(path, s));
    set({ kind: 'field', field: path }, `.${s.name.toLowerCase()}`);
  }
  // A complex reference compared without sub-attribute compares its value (`manager eq "id"`).
  const value = subs.find((s) => s.name === 'value');
  set(
    value
      ? { kind: 'field', field: `${a.name}.value` }
      : { kind: 'complex', fields: subs.map((s) => `${a.name}.${s.name}`) },
  );
}

/** The User vocabulary: core, enterprise extension and Roster extension. */
export const USER_VOCABULARY: ResourceVocabulary = resourceVocabulary(USER_RESOURCE);

/** The Group vocabulary. */
export const GROUP_VOCABULARY: ResourceVocabulary = resourceVocabulary(GROUP_RESOURCE);
