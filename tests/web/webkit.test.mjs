// Every card and path of the page in WebKit, Safari's engine (Debian's WebKitGTK MiniBrowser
// through WebKitWebDriver, under xvfb-run). Screenshots: tests/web/screenshots/webkit-*.png.
import { enginePaths } from './engines/paths.mjs';
import { launchWebKit } from './engines/webkit.mjs';

enginePaths(launchWebKit, {
  // Found by this suite (WebKitGTK 2.50.6): now and then a RecurError thrown from C++ through
  // the WebAssembly module takes 12-21 s and arrives as "RangeError: Maximum call stack size
  // exceeded" (the next identical call throws the RecurError in milliseconds). Every keystroke
  // of a half-typed row throws, so typing a row took 186 s here.
  typingBug:
    'WebKit: a C++ exception through WebAssembly sometimes takes 12-21 s and becomes a RangeError (stack overflow)',
  // Also found by this suite: #loss-chart holds no canvas in WebKit, before or after training
  // (uplot.mjs itself imports there; the chart is never made). The status line is right.
  chartBug: 'WebKit: the Train card draws no loss curve (no canvas in #loss-chart)',
});
