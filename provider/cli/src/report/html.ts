import escapeHtml from "escape-html";
import { terminalSafe } from "sg-provisioner-core";

/** Markup that is already safe: built by {@link html}, never from raw input. */
export class SafeHtml {
    constructor(readonly value: string) {}

    toString(): string {
        return this.value;
    }
}

function render(value: unknown): string {
    if (value instanceof SafeHtml) return value.value;
    if (Array.isArray(value)) return value.map(render).join("");
    if (value === undefined || value === null || value === false) return "";
    // Escaped for HTML, and first for display: a bidirectional override or a zero-width character
    // would reorder or hide what a reviewer reads, in a page as on a terminal.
    return escapeHtml(terminalSafe(String(value)));
}

/**
 * A tagged template that escapes every interpolated value (with escape-html, after
 * `terminalSafe`) unless it is {@link SafeHtml}: a description such as `<img src=x onerror=alert(1)>`
 * shows as text, a U+202E as `\u202e`. Arrays are
 * rendered item by item; `undefined`, `null` and `false` render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
    return new SafeHtml(strings.reduce((result, text, index) => result + text + (index < values.length ? render(values[index]) : ""), ""));
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d8dde6; --accent: #1f5fbf; --override: #e8f0fc; --override-edge: #1f5fbf; --error: #b3261e; --error-fill: #fde8e6; --warning: #8a5a00; --warning-edge: #d99a00; --warning-fill: #fff4cc; --ok: #2e7d32; --ok-fill: #eef7ee; }
* { box-sizing: border-box; }
body { margin: 0; padding: 32px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1100px; margin: 0 auto; background: #fff; padding: 32px 40px; border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
tr.warning td { background: var(--warning-fill); }
tr.warning td:first-child { border-left: 4px solid var(--warning-edge); }
tr.blocking td { background: var(--error-fill); }
tr.blocking td:first-child { border-left: 4px solid var(--error); }
tr.override td:last-child { border-right: 4px dashed var(--override-edge); }
tr:target { outline: 3px solid var(--accent); outline-offset: -1px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.override { background: var(--override); color: var(--override-edge); border: 1px dashed var(--override-edge); padding: 0 7px; }
.badge.error, .badge.blocking { background: var(--error); color: #fff; }
.badge.warning { background: var(--warning); color: #fff; }
.badge.valid { background: var(--ok); color: #fff; }
.banner { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 10px 14px; margin: 12px 0 16px; }
.banner.blocking { border-color: var(--error); background: #fdf3f2; }
.banner.warning { border-color: var(--warning-edge); background: #fffaeb; }
.banner.clear { border-color: var(--ok); background: var(--ok-fill); }
.banner .verdict { margin: 0; }
.banner ul { margin: 6px 0 0; padding-left: 0; list-style: none; }
.banner li { margin: 4px 0; padding-left: 8px; border-left: 3px solid var(--line); }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 8px 0; }
.finding.error { border-color: var(--error); }
.finding.warning { border-color: var(--warning); }
.muted { color: var(--muted); }
figure.diagram { margin: 8px 0 16px; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
figure.diagram svg { display: block; margin: 0 auto; }
`;

/**
 * A whole, self-contained page: styles inline, nothing fetched. The content security policy
 * forbids every fetch and every script, so even a value that slipped past escaping could not run.
 */
export function page(title: string, body: SafeHtml): string {
    return `<!DOCTYPE html>\n${
        html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value
    }`;
}
