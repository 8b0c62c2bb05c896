const integer = new Intl.NumberFormat("en-US");
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : integer.format(n);
}

export function percent(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : `${oneDecimal.format(n)} %`;
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n >= 10_000 ? `${oneDecimal.format(n / 1000)} s` : `${integer.format(Math.round(n))} ms`;
}

export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  if (!currency) return oneDecimal.format(amount);
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${oneDecimal.format(amount)} ${currency}`;
  }
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString("en-GB", { hour12: false });
}

export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60 ? [seconds, "second"] : abs < 3600 ? [Math.round(seconds / 60), "minute"]
      : abs < 86400 ? [Math.round(seconds / 3600), "hour"] : [Math.round(seconds / 86400), "day"];
  return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(value, unit as Intl.RelativeTimeFormatUnit);
}

/** The twelve platforms the API knows, in its catalog order (its `platform` filters refuse others). */
export const PLATFORMS = [
  "meta", "tiktok", "ga4", "google_ads", "snapchat", "pinterest",
  "reddit", "linkedin", "x", "microsoft", "klaviyo", "webhook",
] as const;

/** The platforms' names as merchants know them, and `direct` (no first touch) for attribution. */
export const PLATFORM_NAMES: Record<string, string> = {
  meta: "Meta",
  tiktok: "TikTok",
  ga4: "Google Analytics 4",
  google_ads: "Google Ads",
  snapchat: "Snapchat",
  pinterest: "Pinterest",
  reddit: "Reddit",
  linkedin: "LinkedIn",
  x: "X",
  microsoft: "Microsoft Ads",
  klaviyo: "Klaviyo",
  webhook: "Webhook",
  direct: "Direct / unknown",
};

export function platformName(key: string): string {
  return PLATFORM_NAMES[key] ?? key;
}
