import { QueryClient } from '@tanstack/react-query';
import { ProblemError } from '../api/problem';

/** The console's one cache of server state (TanStack Query). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network hiccups and 5xx get one more try.
      retry: (count, error) => count < 1 && !(error instanceof ProblemError && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
