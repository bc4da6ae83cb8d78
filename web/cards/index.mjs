// The cards, in the order of the `panels` option and of the page. A card is one module whose
// default export is { id, column ('inputs' | 'outputs'), eager (drawn on every change even off
// screen: the inputs), create(ctx) -> { children, render(view), hover?(cell), stop?(), article? } };
// a new card is a new file, one line here, and its words in strings.mjs.
import table from './table.mjs';
import model from './model.mjs';
import shapes from './shapes.mjs';
import lastStep from './last-step.mjs';
import steps from './steps.mjs';
import head from './head.mjs';
import train from './train.mjs';
import values from './values.mjs';
import code from './code.mjs';
import text from './text.mjs';

export const CARDS = Object.freeze([table, model, shapes, lastStep, steps, head, train, values, code, text]);

/** The cards' ids: what the `panels` option lists. */
export const PANELS = Object.freeze(CARDS.map((card) => card.id));
