// Entry of the classic single-file build: configure, then define <recur-playground>.
import './standalone-config.mjs';
import './recur-playground.mjs';
