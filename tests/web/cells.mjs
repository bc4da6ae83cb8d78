// Reads heat-map cells off the page as { name, index, value, text }: number cells from their
// tooltip ('h_n[0, 2, 1] = -0.12345678'), heat grids (one canvas) from their `heat` property,
// which answers the pointer the same way.
export function readCells(page, selector) {
  return page
    .$$eval(selector, (roots) =>
      roots.flatMap((root) =>
        [...root.querySelectorAll('.cell[title], canvas.heat-canvas')].flatMap((el) =>
          el.heat ? el.heat.all() : [el.title],
        ),
      ),
    )
    .then((texts) =>
      texts.map((text) => {
        const [, name, index, value] = text.match(/^(.*?)\[([\d, ]+)\] = (.+)$/);
        return { name, index: index.split(', ').map(Number), value: Number(value), text };
      }),
    );
}

/** Points at cell k of block (row, column) of the heat grid under `selector`. */
export async function hoverCell(page, selector, row, column, k) {
  const canvas = page.locator(`${selector} canvas.heat-canvas`).first();
  const position = await canvas.evaluate((el, [r, c, i]) => el.heat.where(r, c, i), [row, column, k]);
  await canvas.hover({ position });
}

/** Clicks block (row, column) of the heat grid under `selector`. */
export async function clickCell(page, selector, row, column) {
  const canvas = page.locator(`${selector} canvas.heat-canvas`).first();
  await canvas.click({ position: await canvas.evaluate((el, [r, c]) => el.heat.where(r, c, 0), [row, column]) });
}
