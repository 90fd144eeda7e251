// axe-core under the app's strict CSP: `addScriptTag` is blocked, so the source is
// evaluated through the DevTools protocol (page.evaluate), which CSP does not govern.

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const axeVersion = JSON.parse(
  fs.readFileSync(require.resolve('axe-core/package.json'), 'utf8'),
).version;

/** Run axe on the page's current document; returns a list of violations (plain data). */
export async function runAxe(page, tags = AXE_TAGS) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(', '),
        html: n.html.slice(0, 160),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
      })),
    }));
  }, tags);
}

/** The WCAG tags plus axe's best-practice rules (landmark-unique, region, heading order, …). */
export const AXE_TAGS_BEST_PRACTICE = [...AXE_TAGS, 'best-practice'];

/** Human-readable lines for a list of violations (rule id, impact, selectors). */
export function describeViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} [${v.impact}] ${v.help} (${v.nodes.length} element(s))`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`  target: ${n.target}`);
      lines.push(`    html: ${n.html.replace(/\s+/g, ' ')}`);
      if (n.summary) lines.push(`    why:  ${n.summary}`);
    }
    if (v.nodes.length > 8) lines.push(`  … and ${v.nodes.length - 8} more`);
  }
  return lines;
}
