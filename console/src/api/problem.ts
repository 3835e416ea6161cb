/** An admin API error as the console shows it: RFC 9457 problem+json's title and detail. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  code?: unknown;
}

/** Turns any failed response into a ProblemError; a non-problem body still gets a readable title. */
export async function toProblemError(res: Response): Promise<ProblemError> {
  let body: ProblemBody = {};
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    // A proxy's HTML error page or an empty body: fall back to the status text.
  }
  const title = typeof body.title === 'string' ? body.title : res.statusText || `HTTP ${res.status}`;
  return new ProblemError(
    res.status,
    title,
    typeof body.detail === 'string' ? body.detail : undefined,
    typeof body.code === 'string' ? body.code : undefined,
  );
}
