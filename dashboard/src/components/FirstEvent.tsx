import { useState } from "react";
import { useAccount, ingestUrl } from "../account";
import { Link } from "../router";

/** What a merchant with no events yet needs: a key, a curl with it, and the pixel snippet. */
export function FirstEvent() {
  const account = useAccount().data;
  const ingest = ingestUrl();
  const merchant = account?.merchant_id ?? "YOUR-MERCHANT-ID";
  const curl = `curl -X POST ${ingest}/v1/events \\
  -H "Authorization: Bearer $TRACKLAYER_KEY" -H "Content-Type: application/json" \\
  -d '{"event_id":"order-1","event_name":"purchase","event_time":'$(date +%s)',
       "user_data":{"email":"buyer@example.com"},"value":129.99,"currency":"USD"}'`;
  const pixel = `<script>
!function(w,d,u){w.tracklayer=w.tracklayer||function(){(w.tracklayer.q=w.tracklayer.q||[])
.push(arguments)};var s=d.createElement('script');s.async=1;s.src=u;d.head.appendChild(s)}
(window,document,'${ingest}/v1/pixel.js');
tracklayer('init', '${merchant}');
</script>`;
  return (
    <div className="first-event">
      <h2>Send your first event</h2>
      <ol>
        <li>
          Create a server key on <Link to="/api-keys">API keys</Link> and export it as{" "}
          <code>TRACKLAYER_KEY</code>.
        </li>
        <li>
          From your server:
          <Snippet text={curl} />
        </li>
        <li>
          In your storefront's <code>&lt;head&gt;</code> (page views, click ids and first touch):
          <Snippet text={pixel} />
        </li>
        <li>
          Connect a platform on <Link to="/platforms">Platforms</Link>, then watch events arrive on{" "}
          <Link to="/live">Live</Link>.
        </li>
      </ol>
    </div>
  );
}

export function Snippet({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="snippet">
      <pre>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} copied={copied} onCopied={() => setCopied(true)} />
    </div>
  );
}

export function CopyButton({ text, copied, onCopied }: { text: string; copied: boolean; onCopied: () => void }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // clipboard refused (plain http on another host): select-and-copy still works
    }
    onCopied();
  };
  return (
    <button type="button" className="copy" onClick={copy}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
