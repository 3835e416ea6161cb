import { Link } from '@tanstack/react-router';

/** A console address that names no screen. */
export function NotFoundPage() {
  return (
    <main id="main" className="centered">
      <h1>Page not found</h1>
      <p>This address names no screen of the console.</p>
      <Link to="/">Go to the console</Link>
    </main>
  );
}
