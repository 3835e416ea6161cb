import { ProblemError } from '../api/problem';

/** Shows an error the way the API stated it: its title, then its detail (problem+json). */
export function ProblemMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof ProblemError ? error.title : 'Something went wrong';
  const detail = error instanceof ProblemError ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="problem">
      <strong>{title}</strong>
      {detail ? <p>{detail}</p> : null}
    </div>
  );
}
