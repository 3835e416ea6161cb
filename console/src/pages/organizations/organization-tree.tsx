import type { OrganizationNode } from '../../api/organizations';

/** The organization tree as nested lists: every organization a button, the selected one marked. */
export function OrganizationTree(props: {
  roots: OrganizationNode[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const render = (nodes: OrganizationNode[]) => (
    <ul>
      {[...nodes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={n.id === props.selectedId ? 'tree-item selected' : 'tree-item'}
              aria-current={n.id === props.selectedId ? 'true' : undefined}
              onClick={() => props.onSelect(n.id)}
            >
              {n.name}
              {n.status !== 'active' ? <span className="reason"> ({n.status})</span> : null}
            </button>
            {n.children.length ? render(n.children) : null}
          </li>
        ))}
    </ul>
  );
  return (
    <nav aria-label="Organization tree" className="org-tree">
      {render(props.roots)}
    </nav>
  );
}
