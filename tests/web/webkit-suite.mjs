// Every card and path of the page in WebKit, Safari's engine (Debian's WebKitGTK MiniBrowser
// through WebKitWebDriver, under xvfb-run). Screenshots: tests/web/screenshots/webkit-*.png.
//
// Run by `npm run test:webkit`, not yet by `npm test`: since the page draws its cards lazily in a
// window tall enough to hold them all, WebKitWebDriver's GET /screenshot sometimes never answers
// (seen after the training test's 200 steps and once after the step view), and one hung request
// stalls the run for minutes. The WebKit scalar-module test (scalar.test.mjs: loading, values,
// training) does run in `npm test`. The file name keeps it out of `node --test tests/web/`.
import { enginePaths } from './engines/paths.mjs';
import { launchWebKit } from './engines/webkit.mjs';

enginePaths(launchWebKit);
