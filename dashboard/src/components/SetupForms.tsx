import { useEffect, useRef, useState, type ReactNode } from "react";
import { ApiError } from "../api";
import { ErrorBox } from "./ui";

// Pieces the setup pages (Platforms, Rules, API keys, Account) share: field errors from a 400's
// details shown next to their inputs, and a confirm step before a destructive action.

/** The message of the detail whose path is `path`, or that starts with `path[` / `path.`. */
export function fieldError(error: ApiError | null, path: string): string | undefined {
  const d = error?.details.find(
    (d) => d.path === path || d.path?.startsWith(`${path}[`) || d.path?.startsWith(`${path}.`),
  );
  return d ? (d.path === path ? d.message : `${d.path?.slice(path.length)}: ${d.message}`) : undefined;
}

/** The error with only the details no field shows (so nothing is said twice). */
export function FormError({ error, shown }: { error: ApiError | null; shown: string[] }) {
  if (!error) return null;
  const rest = error.details.filter(
    (d) => !shown.some((p) => d.path === p || d.path?.startsWith(`${p}[`) || d.path?.startsWith(`${p}.`)),
  );
  const message =
    rest.length === 0 && error.details.length > 0 ? `${error.message} — see the fields marked above.` : error.message;
  return <ErrorBox error={new ApiError(error.status, error.code, message, rest)} />;
}

/** An error under an input, tied to it with aria-describedby={id}. */
export function FieldMessage({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * A button that asks once more before acting: "Disconnect" becomes "Disconnect Meta? Yes / Cancel".
 * Focus moves to Cancel (the safe choice); Escape cancels.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  pending,
  testId,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  const close = () => {
    setAsking(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  if (!asking) {
    return (
      <button ref={opener} type="button" className="danger" onClick={() => setAsking(true)} disabled={pending}
        data-testid={testId}>
        {pending ? "Working…" : label}
      </button>
    );
  }
  return (
    <span className="setup-confirm" role="group" aria-label="Confirm"
      onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); close(); } }}>
      <span>{question}</span>
      <button type="button" className="danger" data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={() => { setAsking(false); onConfirm(); }}>
        {confirmLabel}
      </button>
      <button ref={cancel} type="button" onClick={close}>
        Cancel
      </button>
    </span>
  );
}
