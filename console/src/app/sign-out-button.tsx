import { useMutation } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { signOut } from '../api/auth';
import { ProblemError } from '../api/problem';
import { queryClient } from './query-client';
import { forgetSession } from './session-state';

/** Ends the console session (SPEC C6 sign-out) and returns to sign-in with nothing of it cached. */
export function SignOutButton() {
  const router = useRouter();
  const done = async () => {
    forgetSession();
    await router.navigate({ to: '/sign-in', search: { signedOut: true }, replace: true });
    queryClient.clear();
  };
  const out = useMutation({
    mutationFn: signOut,
    onSuccess: done,
    // Already without a session: signed out all the same.
    onError: (e) => (e instanceof ProblemError && e.status === 401 ? done() : undefined),
  });
  return (
    <>
      {out.isError ? (
        <span role="alert" className="topbar-error">
          Sign-out failed: {out.error.message}
        </span>
      ) : null}
      <button type="button" onClick={() => out.mutate()} disabled={out.isPending}>
        {out.isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </>
  );
}
