import { useState, type FormEvent } from "react";
import { signIn } from "./auth";

/**
 * A token pasted here (or carried by `./tracklayer up`'s sign-in link) is a Supabase-style JWT.
 * In production the merchant's identity provider issues it; in development `./tracklayer dev-token`.
 */
export default function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = signIn(value);
    if (problem) setError(problem);
    else onSignedIn();
  };
  return (
    <main className="signin">
      <form onSubmit={submit} className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to TrackLayer</h1>
        <p>
          Paste an access token (a JWT from your identity provider). On a development stack,{" "}
          <code>./tracklayer dev-token</code> prints one, and <code>./tracklayer up</code> prints a sign-in link.
        </p>
        <label htmlFor="token">Access token</label>
        <textarea id="token" name="token" rows={5} value={value} spellCheck={false} autoComplete="off"
          onChange={(e) => { setValue(e.target.value); setError(null); }}
          aria-invalid={error !== null} aria-describedby={error ? "token-error" : undefined} />
        {error && <p id="token-error" className="field-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={!value.trim()}>Sign in</button>
      </form>
    </main>
  );
}
