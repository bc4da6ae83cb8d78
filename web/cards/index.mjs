// The cards, in the order of the `panels` option and of the page. A card is one module whose
// default export is { id, column ('inputs' | 'outputs'), eager (drawn on every change even off
// screen: the inputs), late? (drawn after the next frame: the longest to draw), early? (drawn
// also from the shapes sent before a forward, compute.mjs's shapesOf: table, shapes), inputs? (the
// inputs it serves, else all), shows?(out) (whether a result
// calls for it: the vocabulary only for a table of words), create(ctx) -> { children, render(view), hover?(cell), stop?(), article? } };
// a new card is a new file, one line here, and its words in strings.mjs.
import table from './table.mjs';
import vocabulary from './vocabulary.mjs';
import model from './model.mjs';
import shapes from './shapes.mjs';
import lastStep from './last-step.mjs';
import steps from './steps.mjs';
import head from './head.mjs';
import train from './train.mjs';
import values from './values.mjs';
import code from './code.mjs';
import text from './text.mjs';
import draw from './draw.mjs';
import digitsTrain from './digits-train.mjs';
import rows from './rows.mjs';

// The digits mode's cards (draw, digits-train, rows) declare inputs: ['digits'] and show only there.
export const CARDS = Object.freeze([
  table,
  vocabulary,
  draw,
  model,
  digitsTrain,
  shapes,
  lastStep,
  rows,
  steps,
  head,
  train,
  values,
  code,
  text,
]);

/** The cards' ids: what the `panels` option lists. */
export const PANELS = Object.freeze(CARDS.map((card) => card.id));
