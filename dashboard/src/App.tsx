import { Suspense, useEffect, useState } from "react";
import { onUnauthorized } from "./api";
import { AccountProvider, useAccount } from "./account";
import { currentToken, decodeClaims, signOut, tokenFromFragment, signIn } from "./auth";
import { ErrorBox, Loading } from "./components/ui";
import { PAGES } from "./pages/registry";
import { Link, navigate, useLocation } from "./router";
import SignIn from "./SignIn";

export default function App() {
  const [token, setToken] = useState<string | null>(() => {
    const fromLink = tokenFromFragment();
    if (fromLink && signIn(fromLink) === null) {
      if (window.location.pathname === "/signin") navigate("/", true);
      return currentToken();
    }
    return currentToken();
  });
  useEffect(() => onUnauthorized(() => setToken(null)), []);

  if (!token) {
    return <SignIn onSignedIn={() => { setToken(currentToken()); if (window.location.pathname === "/signin") navigate("/", true); }} />;
  }
  return (
    <AccountProvider>
      <Shell onSignOut={() => { signOut(); setToken(null); }} subject={decodeClaims(token)?.email ?? decodeClaims(token)?.sub ?? ""} />
    </AccountProvider>
  );
}

function Shell({ onSignOut, subject }: { onSignOut: () => void; subject: string }) {
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const page = PAGES.find((p) => p.path === path) ?? null;
  const account = useAccount();
  useEffect(() => {
    document.title = page ? `${page.title} · TrackLayer` : "TrackLayer";
    setMenuOpen(false);
  }, [page]);
  const groups = [...new Set(PAGES.map((p) => p.group))];
  const Component = page?.component;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav"
          onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">☰</span><span className="sr-only">Menu</span>
        </button>
        <Link to="/" className="brand">TrackLayer</Link>
        <div className="topbar-right">
          <span className="merchant" title={subject}>{account.data?.name || account.data?.email || subject}</span>
          {account.data && <span className="badge plan">{account.data.plan}</span>}
          <button type="button" className="link-button" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <nav id="nav" className={`sidebar ${menuOpen ? "open" : ""}`} aria-label="Main">
        {groups.map((g) => (
          <div key={g} className="nav-group">
            <div className="nav-group-title">{g}</div>
            <ul>
              {PAGES.filter((p) => p.group === g).map((p) => (
                <li key={p.path}>
                  <Link to={p.path} className={p.path === path ? "active" : ""}
                    aria-current={p.path === path ? "page" : undefined}>{p.title}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {account.data && account.data.status !== "active" && (
          <div className="banner warn" role="alert">
            This account is <strong>{account.data.status}</strong>: the API refuses every change until an operator
            reactivates it.
          </div>
        )}
        {account.error && account.error.status !== 401 && <ErrorBox error={account.error} onRetry={account.reload} />}
        {Component ? (
          <Suspense fallback={<Loading />}>
            <Component />
          </Suspense>
        ) : (
          <div className="state empty">
            <strong>No page here</strong>
            <p><Link to="/">Back to the overview</Link></p>
          </div>
        )}
      </main>
    </div>
  );
}
