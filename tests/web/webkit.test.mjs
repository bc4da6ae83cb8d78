// Every card and path of the page in WebKit, Safari's engine (Debian's WebKitGTK MiniBrowser
// through WebKitWebDriver, under xvfb-run: ./engines/webkit.mjs starts both).
// Screenshots: tests/web/screenshots/webkit-*.png.
import { enginePaths } from './engines/paths.mjs';
import { launchWebKit } from './engines/webkit.mjs';

enginePaths(launchWebKit);
