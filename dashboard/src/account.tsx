import { createContext, useContext, type ReactNode } from "react";
import { useApi, type Loaded } from "./hooks";

/** GET /v1/account, read once by the shell and shared with the pages. */
export interface Account {
  merchant_id: string;
  name: string | null;
  email: string | null;
  store_platform: string | null;
  store_url: string | null;
  onboarding_step: number | null;
  onboarding_completed: boolean;
  plan: string;
  status: string;
  role: string;
  timezone: string;
  consent_when_unstated: "allow" | "deny";
  created_at?: string;
  updated_at?: string;
}

const AccountContext = createContext<Loaded<Account> | null>(null);

export function AccountProvider({ children }: { children: ReactNode }) {
  const account = useApi<Account>("/v1/account");
  return <AccountContext.Provider value={account}>{children}</AccountContext.Provider>;
}

export function useAccount(): Loaded<Account> {
  const value = useContext(AccountContext);
  if (!value) throw new Error("useAccount outside AccountProvider");
  return value;
}

/** Where the ingest gateway answers, as the API gateway was told (TRACKLAYER_PUBLIC_INGEST_URL). */
export function ingestUrl(): string {
  const meta = document.querySelector('meta[name="tracklayer-ingest-url"]');
  const value = meta?.getAttribute("content");
  return value && !value.startsWith("%") ? value : `${window.location.protocol}//${window.location.hostname}:8080`;
}
