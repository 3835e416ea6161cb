import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { startSignIn, type SignInMethod } from '../../api/auth';
import { ProblemMessage } from '../../components/problem-message';

/** Step 1: the username; the server says which method applies to it. */
export function UsernameStep(props: { initial: string; onNext: (username: string, method: SignInMethod) => void }) {
  const id = useId();
  const [username, setUsername] = useState(props.initial);
  const start = useMutation({
    mutationFn: (u: string) => startSignIn(u),
    onSuccess: (answer, u) => props.onNext(u, answer.method),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim()) start.mutate(username.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor={`${id}-username`}>Username</label>
      <input
        id={`${id}-username`}
        name="username"
        type="email"
        autoComplete="username"
        required
        autoFocus
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
  );
}
