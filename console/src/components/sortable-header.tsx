/**
 * A column header of a keyset-sorted table: a button when the column sorts (so the keyboard
 * works), with aria-sort on the current column and an arrow showing its order.
 */
export function SortableHeader<S extends string>(props: {
  label: string;
  sort: S | undefined;
  current: S;
  order: 'asc' | 'desc';
  onSort: (sort: S) => void;
}) {
  const { label, sort, current, order } = props;
  const active = sort !== undefined && sort === current;
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
      {sort === undefined ? (
        label
      ) : (
        <button type="button" className="sort" onClick={() => props.onSort(sort)}>
          {label}
          {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      )}
    </th>
  );
}
