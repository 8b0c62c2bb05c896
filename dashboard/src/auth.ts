// The dashboard signs in with a Supabase-style JWT (HS256 or the project's JWKS), kept in this
// browser's localStorage. A sign-in link carries it in the URL fragment (`/signin#token=…`): a
// fragment never reaches a server, so it is in no access log, and the app removes it at once.

const KEY = "tracklayer.token";

export interface Claims {
  sub?: string;
  email?: string;
  exp?: number;
}

export function decodeClaims(token: string): Claims | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(json);
    return typeof claims === "object" && claims !== null ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

export function expired(claims: Claims, now = Date.now()): boolean {
  return typeof claims.exp === "number" && claims.exp * 1000 <= now;
}

export function currentToken(): string | null {
  const token = localStorage.getItem(KEY);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || expired(claims)) {
    localStorage.removeItem(KEY);
    return null;
  }
  return token;
}

export function signIn(token: string): string | null {
  const trimmed = token.trim().replace(/^Bearer\s+/i, "");
  const claims = decodeClaims(trimmed);
  if (!claims) return "This is not a JWT (three base64url parts separated by dots).";
  if (expired(claims)) return "This token has expired; create a new one (./tracklayer dev-token).";
  localStorage.setItem(KEY, trimmed);
  return null;
}

export function signOut() {
  localStorage.removeItem(KEY);
}

/** Takes a token from `#token=…` (the dev sign-in link) and clears the fragment. */
export function tokenFromFragment(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return decodeURIComponent(match[1]);
}
