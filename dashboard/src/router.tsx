import { createContext, useContext, useEffect, useState, type MouseEvent, type ReactNode } from "react";

// A small history router: the pages are a fixed list (the API gateway serves index.html for
// exactly those paths), so a library would add weight without adding anything.

interface Location {
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

const RouterContext = createContext<Location>(read());

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** Sets one query parameter of the current page (e.g. ?range=30d) without a new history entry. */
export function setQuery(name: string, value: string | null) {
  const query = new URLSearchParams(window.location.search);
  if (value === null || value === "") query.delete(name);
  else query.set(name, value);
  const qs = query.toString();
  navigate(window.location.pathname + (qs ? `?${qs}` : ""), true);
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return <RouterContext.Provider value={location}>{children}</RouterContext.Provider>;
}

export function useLocation(): Location {
  return useContext(RouterContext);
}

export function Link({
  to,
  children,
  className,
  ...rest
}: { to: string; children: ReactNode; className?: string } & Record<string, unknown>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}
