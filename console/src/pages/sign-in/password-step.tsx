import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { signInWithPassword, type PasswordAnswer } from '../../api/auth';
import { ProblemMessage } from '../../components/problem-message';

/** Step 2: the password, for the username already given (shown, with a way back to change it). */
export function PasswordStep(props: {
  username: string;
  onAnswer: (answer: PasswordAnswer) => void;
  onChangeUsername: () => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: (p: string) => signInWithPassword(props.username, p),
    onSuccess: props.onAnswer,
    // A wrong password is typed again from scratch.
    onError: () => setPassword(''),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password) signIn.mutate(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <p className="signing-in-as">
        <span>
          Signing in as <strong>{props.username}</strong>
        </span>
        <button type="button" className="link" onClick={props.onChangeUsername} aria-label="Change the username">
          Change
        </button>
      </p>
      {/* For password managers: the username this password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={props.username} />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ProblemMessage error={signIn.error} />
      <div className="actions">
        <button type="submit" disabled={!password || signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
