// Every card and path of the page in Firefox (Debian's firefox-esr over WebDriver BiDi).
// Screenshots: tests/web/screenshots/firefox-*.png.
import { enginePaths } from './engines/paths.mjs';
import { launchFirefox } from './engines/firefox.mjs';

enginePaths(launchFirefox);
