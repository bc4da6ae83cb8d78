// axe-core (WCAG 2.1 A and AA rules) run inside a page. The page's Content-Security-Policy lets
// no injected <script> run, so axe's source is evaluated through the browser's debugging
// protocol (Playwright's evaluate), which the policy does not govern. axe looks inside open
// shadow roots by itself: a <recur-playground> element is checked with the page around it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Scrolls every card into view (they are drawn when they scroll into view), in the document and
 * in open shadow roots, and waits until each shown one is drawn, so axe sees what a reader would.
 */
export async function drawEveryCard(page) {
  const count = await page.evaluate(() => {
    const cards = [];
    const collect = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('article.card[data-panel]')) cards.push(el);
        if (el.shadowRoot) collect(el.shadowRoot);
      }
    };
    collect(document);
    window.__recurCards = cards;
    return cards.length;
  });
  for (let k = 0; k < count; ++k) {
    await page.evaluate((i) => window.__recurCards[i].scrollIntoView({ block: 'center' }), k);
    // The eager cards (the inputs) are drawn on every change and carry no mark.
    await page.waitForFunction(
      (i) => {
        const card = window.__recurCards[i];
        return card.hidden || card.dataset.eager || card.dataset.drawn;
      },
      k,
      { timeout: 15000 },
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return count;
}

/**
 * axe's WCAG 2.1 A/AA violations of `impacts` (default serious and critical) in the page, each
 * as { id, impact, help, nodes: [{ target, summary }] }.
 */
export async function axeViolations(page, { impacts = ['serious', 'critical'] } = {}) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.flat().join(' >> '),
        summary: n.failureSummary,
        html: n.html.slice(0, 160),
      })),
    }));
  }, WCAG_21_AA);
  return violations.filter((v) => impacts.includes(v.impact));
}

/** A readable list of violations for an assertion message. */
export const describe = (violations) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`,
    )
    .join('\n');
