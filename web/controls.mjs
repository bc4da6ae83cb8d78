// Form controls for the fields of state.mjs, named and labelled by the field, so a control's
// name is the state's key (the controller reads every change by it).
import { h } from './dom.mjs';
import { FIELD } from './state.mjs';
import { errorText } from './errors.mjs';

export const field = (label, control) => h('label', { class: 'field' }, label, control);

/**
 * The control for `key` at its value in `state`: a checkbox, a menu or a number box. `names`:
 * what a menu shows for each option (the option's own value where it has none).
 */
export function control(state, key, label = key, names = {}) {
  const f = FIELD[key],
    v = state[key],
    id = key.replace(/_/g, '-');
  if (f.kind === 'bool')
    return h('label', { class: 'check' }, h('input', { id, name: key, type: 'checkbox', checked: v }), ' ', label);
  if (f.kind === 'choice')
    return field(
      label,
      h(
        'select',
        { id, name: key },
        f.options.map((o) => h('option', { value: o, selected: v === o }, names[o] ?? o)),
      ),
    );
  return field(
    label,
    h('input', {
      id,
      name: key,
      type: 'number',
      min: f.min,
      max: f.max,
      step: f.step,
      value: v,
      inputmode: f.kind === 'float' ? 'decimal' : 'numeric',
    }),
  );
}

/**
 * Shows `error` (marked as an error) in the page's words (`words`: strings.mjs's, whose `lang`
 * it is said in; see errors.mjs), or `okText`, in a status line.
 */
export function status(el, error, okText = '', words) {
  el.textContent = error ? errorText(error, words?.lang) : okText;
  el.classList.toggle('error', Boolean(error));
}
