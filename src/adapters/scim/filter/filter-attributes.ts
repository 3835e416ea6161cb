// Which SCIM attribute paths a filter may name, and what each one means in the core query
// model, as the attribute registry says (core/scim-schema/filter-vocabulary.ts). Names are
// case-insensitive (RFC 7643 §2.1) and may carry their schema URN (RFC 7644 §3.10,
// "urn:…:User:userName"); unqualified names are looked up in every schema.
import type { FieldKind, GroupField, UserField } from '../../../core/directory/query.js';
import {
  GROUP_VOCABULARY,
  USER_VOCABULARY,
  type FilterTarget,
  type ResourceVocabulary,
} from '../../../core/scim-schema/filter-vocabulary.js';

/** What a filter attribute path names. */
export type AttrTarget = FilterTarget;

/** The attribute vocabulary of one resource type. */
export interface ResourceAttributes {
  fieldKind(field: string): FieldKind;
  /** The target of a (possibly URN-qualified) attribute path, or undefined when unknown. */
  resolve(path: string): AttrTarget | undefined;
  /** The sub-attribute of `collection` called `name` (case-insensitive), or undefined. */
  resolveSub(collection: string, name: string): string | undefined;
  /** The comparison kind of a sub-attribute `resolveSub` returned. */
  subKind(collection: string, sub: string): FieldKind;
  /** The sub-attribute meant when a collection is compared without one (`emails eq "x"`). */
  defaultSub(collection: string): string | undefined;
  /** The field to sort by for a `sortBy` path (RFC 7644 §3.4.2.3), if sortable. */
  sortField(path: string): string | undefined;
}

/** The User vocabulary: core, enterprise extension and Roster extension. */
export const USER_ATTRIBUTES: ResourceAttributes = attributes(USER_VOCABULARY);

/** The Group vocabulary. */
export const GROUP_ATTRIBUTES: ResourceAttributes = attributes(GROUP_VOCABULARY);

function attributes(v: ResourceVocabulary): ResourceAttributes {
  const qualified = v.namespaces.map(([urn, names]) => [`${urn.toLowerCase()}:`, names] as const);
  const unqualified = new Map(qualified.flatMap(([, names]) => [...names]));
  const subsOf = (c: string) => v.collections.get(c)?.subs ?? [];
  const subDef = (c: string, name: string) => subsOf(c).find((s) => s.path.toLowerCase() === name.toLowerCase());

  const resolve = (path: string): AttrTarget | undefined => {
    const lower = path.toLowerCase();
    const schema = qualified.find(([prefix]) => lower.startsWith(prefix));
    const names = schema ? schema[1] : unqualified;
    const rest = schema ? lower.slice(schema[0].length) : lower;
    const direct = names.get(rest);
    if (direct) return direct;
    const dot = rest.indexOf('.');
    const head = dot < 0 ? undefined : names.get(rest.slice(0, dot));
    if (head?.kind !== 'collection') return undefined;
    const sub = subDef(head.collection, rest.slice(dot + 1))?.path;
    return sub ? { kind: 'collection', collection: head.collection, sub } : undefined;
  };

  return {
    fieldKind: (f) => v.fields.get(f)?.kind ?? 'string',
    resolve,
    resolveSub: (c, name) => subDef(c, name)?.path,
    subKind: (c, sub) => subDef(c, sub)?.kind ?? 'string',
    defaultSub: (c) => subDef(c, 'value')?.path,
    sortField(path) {
      const target = resolve(path);
      return target?.kind === 'field' && v.fields.get(target.field)?.sortable ? target.field : undefined;
    },
  };
}

/** The user field to sort by for a `sortBy` attribute path (RFC 7644 §3.4.2.3), if sortable. */
export function resolveUserSortField(attrPath: string): UserField | undefined {
  return USER_ATTRIBUTES.sortField(attrPath);
}

/** The group field to sort by for a `sortBy` attribute path (RFC 7644 §3.4.2.3), if sortable. */
export function resolveGroupSortField(attrPath: string): GroupField | undefined {
  return GROUP_ATTRIBUTES.sortField(attrPath);
}
