// Every card and path of the page in WebKit, Safari's engine (Debian's WebKitGTK MiniBrowser
// through WebKitWebDriver, under xvfb-run). Screenshots: tests/web/screenshots/webkit-*.png.
import { enginePaths } from './engines/paths.mjs';
import { launchWebKit } from './engines/webkit.mjs';

enginePaths(launchWebKit, {
  // Found by this suite: #loss-chart holds no canvas in WebKit, before or after training
  // (uplot.mjs itself imports there; the chart is never made). The status line is right.
  chartBug: 'WebKit: the Train card draws no loss curve (no canvas in #loss-chart)',
});
