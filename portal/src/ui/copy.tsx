import { useState } from 'preact/hooks';

/** Copies `text` to the clipboard and says so (or why not) in a live region. */
export function CopyButton({ text, label = 'Copy', visible = label }: { text: string; label?: string; visible?: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      setSaid('Copy failed: select the text and copy it by hand');
    }
    setTimeout(() => setSaid(''), 2_500);
  };
  return (
    <span class="copy">
      <button type="button" class="btn btn-small" onClick={copy} aria-label={label === visible ? undefined : label}>
        {visible}
      </button>
      <span class="copy-status" role="status">
        {said}
      </span>
    </span>
  );
}

export const prettyJson = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

/** JSON, pretty-printed, with a Copy button; `label` names the block for screen readers. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const text = value === null || value === undefined ? 'null' : typeof value === 'string' ? value : prettyJson(value);
  return (
    <figure class="code-block">
      <figcaption>
        <span>{label}</span>
        <CopyButton text={text} label={`Copy ${label.toLowerCase()}`} visible="Copy" />
      </figcaption>
      <pre tabIndex={0} aria-label={label}>
        <code>{text}</code>
      </pre>
    </figure>
  );
}
