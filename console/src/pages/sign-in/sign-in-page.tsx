import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { apiJson } from '../../api/http';
import { ProblemMessage } from '../../components/problem-message';

interface StartAnswer {
  method: string;
}

/** Sign-in, username first (SPEC C6): the server says which method applies to that username. */
export function SignInPage() {
  const id = useId();
  const [username, setUsername] = useState('');
  const start = useMutation({
    mutationFn: (u: string) => apiJson<StartAnswer>('/auth/start', { method: 'POST', json: { username: u } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(username.trim());
  };
  return (
    <main id="main" className="centered">
      <h1>Sign in to Roster</h1>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          name="username"
          type="email"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <ProblemMessage error={start.error} />
        <div className="actions">
          <button type="submit" disabled={!username.trim() || start.isPending}>
            {start.isPending ? 'Checking…' : 'Continue'}
          </button>
        </div>
      </form>
    </main>
  );
}
