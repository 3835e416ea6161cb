/** A parse or validation outcome that the caller turns into a status code (STYLE habit 3). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a success value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
/** Wraps a failure. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
