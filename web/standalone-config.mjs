// First part of the classic single-file build (dist/recur-standalone.js): the WebAssembly is the
// inlined factory that recur-core.single.js defined just above, and style.css sits beside the
// script. Kept apart so it runs before recur-playground.mjs defines the element.
import { configure } from './playground.mjs';

configure({
  createCore: globalThis.createRecurCore,
  styleUrl: new URL('style.css', document.currentScript?.src ?? location.href).href,
});
