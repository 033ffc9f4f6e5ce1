import { useClient, useQuery } from '@urql/preact';
import type { CombinedError } from '@urql/core';
import { useState } from 'preact/hooks';
import { graphql } from '../gql/index.ts';
import { CopyButton } from '../ui/copy.tsx';
import { ErrorNote } from '../ui/errors.tsx';
import { useTitle } from '../ui/title.ts';
import { useCan } from '../viewer.ts';

const SignatureEndpoints = graphql(`
  query PortalSignatureEndpoints {
    viewer { source { connections(first: 100) { edges { node { id name destination { id url auth { strategy headerName } } } } } } }
  }
`);

const SignatureSecret = graphql(`
  query PortalSignatureSecret($destinationId: ID!) {
    destinationSecret(destinationId: $destinationId)
  }
`);

const PLACEHOLDER = 'whsec_...';
type Language = 'node' | 'python' | 'go';
const LANGUAGES: Array<[Language, string]> = [
  ['node', 'Node.js'],
  ['python', 'Python'],
  ['go', 'Go'],
];

/** Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature, checked by the library. */
function standardSnippet(language: Language, secret: string): { install: string; code: string } {
  switch (language) {
    case 'node':
      return {
        install: 'npm install standardwebhooks',
        code: `import { Webhook } from 'standardwebhooks';

const wh = new Webhook('${secret}');

// In your handler: the raw body, exactly as received, and the request's headers.
// verify() throws if the signature or timestamp is wrong; otherwise it returns the parsed body.
const payload = wh.verify(rawBody, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
});`,
      };
    case 'python':
      return {
        install: 'pip install standardwebhooks',
        code: `from standardwebhooks import Webhook

wh = Webhook("${secret}")

# In your handler: the raw body (bytes or str), exactly as received, and the headers.
# verify() raises if the signature or timestamp is wrong; otherwise it returns the parsed body.
payload = wh.verify(raw_body, request.headers)`,
      };
    case 'go':
      return {
        install: 'go get github.com/standard-webhooks/standard-webhooks/libraries/go',
        code: `import standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

wh, err := standardwebhooks.NewWebhook("${secret}")
if err != nil {
	log.Fatal(err)
}

func handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// Verify checks the signature and the timestamp against the raw body.
	if err := wh.Verify(body, r.Header); err != nil {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	// body is authentic: handle it, then answer 2xx quickly.
}`,
      };
  }
}

/** CUSTOM_SIGNATURE: base64 HMAC-SHA256 of the raw body in one header. */
function customSnippet(language: Language, secret: string, header: string): { install: string; code: string } {
  switch (language) {
    case 'node':
      return {
        install: 'Node.js built-in crypto: nothing to install',
        code: `import { createHmac, timingSafeEqual } from 'node:crypto';

const secret = '${secret}';
const expected = createHmac('sha256', secret).update(rawBody).digest();
const given = Buffer.from(req.headers['${header}'] ?? '', 'base64');
const valid = given.length === expected.length && timingSafeEqual(given, expected);`,
      };
    case 'python':
      return {
        install: 'Python standard library: nothing to install',
        code: `import base64, hashlib, hmac

secret = "${secret}"
expected = base64.b64encode(hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()).decode()
valid = hmac.compare_digest(expected, request.headers.get("${header}", ""))`,
      };
    case 'go':
      return {
        install: 'Go standard library: nothing to install',
        code: `mac := hmac.New(sha256.New, []byte("${secret}"))
mac.Write(body)
expected := base64.StdEncoding.EncodeToString(mac.Sum(nil))
valid := hmac.Equal([]byte(expected), []byte(r.Header.Get("${header}")))`,
      };
  }
}

const SCHEMES: Record<string, string> = {
  STANDARD_WEBHOOKS: 'Standard Webhooks',
  CUSTOM_SIGNATURE: 'HMAC-SHA256 signature header',
  BEARER: 'Bearer token',
  BASIC: 'Basic authentication',
  API_KEY: 'API key header',
  NONE: 'No signature',
};

export function SignaturesPage() {
  useTitle('Verifying signatures');
  const client = useClient();
  const canSeeSecrets = useCan('VIEW_SECRETS');
  const [{ data, error }] = useQuery({ query: SignatureEndpoints });
  const endpoints = data?.viewer.source?.connections.edges.map((e) => e.node) ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language>('node');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [secretError, setSecretError] = useState<CombinedError | undefined>();
  const endpoint = endpoints.find((e) => e.id === chosen) ?? endpoints[0];
  const strategy = endpoint?.destination.auth.strategy ?? 'STANDARD_WEBHOOKS';
  const secret = endpoint ? secrets[endpoint.destination.id] : undefined;

  const reveal = async () => {
    if (!endpoint) return;
    const result = await client.query(SignatureSecret, { destinationId: endpoint.destination.id }, { requestPolicy: 'network-only' }).toPromise();
    setSecretError(result.error);
    const value = result.data?.destinationSecret;
    if (value) setSecrets((current) => ({ ...current, [endpoint.destination.id]: value }));
  };

  const signed = strategy === 'STANDARD_WEBHOOKS' || strategy === 'CUSTOM_SIGNATURE';
  const snippet = strategy === 'CUSTOM_SIGNATURE' ? customSnippet(language, secret ?? 'your-secret', endpoint?.destination.auth.headerName ?? 'x-hookrelay-signature') : standardSnippet(language, secret ?? PLACEHOLDER);

  return (
    <section aria-labelledby="signatures-title">
      <div class="page-head">
        <div>
          <h1 id="signatures-title">Verifying signatures</h1>
          <p class="muted">Check that each webhook comes from us and was not changed on the way, before you act on it.</p>
        </div>
      </div>
      <ErrorNote error={error} />
      <div class="panel">
        {endpoints.length > 1 && (
          <div class="field">
            <label for="signature-endpoint">Endpoint</label>
            <select id="signature-endpoint" value={endpoint?.id} onChange={(e) => setChosen(e.currentTarget.value)}>
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.destination.url}
                </option>
              ))}
            </select>
          </div>
        )}
        {endpoint && endpoints.length === 1 && <p class="mono break">{endpoint.destination.url}</p>}
        <p>
          Scheme: <strong data-testid="scheme">{SCHEMES[strategy] ?? strategy}</strong>
          {endpoints.length === 0 && <span class="muted"> (the default for new endpoints)</span>}
        </p>
        {strategy === 'STANDARD_WEBHOOKS' && (
          <ol class="steps">
            <li>
              Each delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers.
            </li>
            <li>
              The signature is <code>v1,</code> and the base64 HMAC-SHA256 of <code>id.timestamp.body</code> with your secret; during a secret rotation there are two, one per secret.
            </li>
            <li>Verify against the raw body, before any JSON parsing, and refuse timestamps more than five minutes old (the libraries do both).</li>
          </ol>
        )}
        {strategy === 'CUSTOM_SIGNATURE' && (
          <p>
            Each delivery carries the base64 HMAC-SHA256 of its raw body, keyed with your secret, in the <code>{endpoint?.destination.auth.headerName ?? 'x-hookrelay-signature'}</code> header.
          </p>
        )}
        {!signed && <p>This endpoint's deliveries are not signed: they authenticate with {SCHEMES[strategy]?.toLowerCase() ?? strategy}, sent in the request's headers.</p>}
        {signed && endpoint && (
          <div class="secret-box">
            {secret ? (
              <>
                <span>The snippets below include this endpoint's secret.</span>
                <CopyButton text={secret} label="Copy secret" />
              </>
            ) : canSeeSecrets ? (
              <>
                <span>The snippets show a placeholder.</span>
                <button type="button" class="btn btn-small" onClick={reveal}>
                  Show my secret in the snippets
                </button>
              </>
            ) : (
              <span>The snippets show a placeholder: ask your administrator for this endpoint's signing secret.</span>
            )}
          </div>
        )}
        <ErrorNote error={secretError} />
      </div>

      {signed && (
        <div class="panel">
          <div class="tabs" role="tablist" aria-label="Language">
            {LANGUAGES.map(([value, label]) => (
              <button
                key={value}
                type="button"
                role="tab"
                id={`tab-${value}`}
                class="tab"
                aria-selected={language === value}
                aria-controls="snippet-panel"
                tabIndex={language === value ? 0 : -1}
                onClick={() => setLanguage(value)}
                onKeyDown={(e) => {
                  const index = LANGUAGES.findIndex(([l]) => l === language);
                  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                  if (!step) return;
                  const next = LANGUAGES[(index + step + LANGUAGES.length) % LANGUAGES.length][0];
                  setLanguage(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }}
              >
                {label}
              </button>
            ))}
          </div>
          <div id="snippet-panel" role="tabpanel" aria-labelledby={`tab-${language}`}>
            <figure class="code-block">
              <figcaption>
                <span>Install</span>
                <CopyButton text={snippet.install} label="Copy install command" visible="Copy" />
              </figcaption>
              <pre tabIndex={0}>
                <code>{snippet.install}</code>
              </pre>
            </figure>
            <figure class="code-block">
              <figcaption>
                <span>Verify</span>
                <CopyButton text={snippet.code} label="Copy code" visible="Copy" />
              </figcaption>
              <pre tabIndex={0} data-testid="snippet">
                <code>{snippet.code}</code>
              </pre>
            </figure>
          </div>
        </div>
      )}
    </section>
  );
}
