// Sizes each Recur iframe on a lesson page to its content. embed.html posts its height
// ({ type: 'recur:height', height }) whenever it changes; this script, loaded from beside it
// (the iframe snippet of "Copy embed code" adds it after the iframe), sets the height of the
// iframe that posted, and listens to that origin only. A classic script file rather than an
// inline one, so a page whose Content-Security-Policy allows no inline script can still load it
// (it allows the origin, as it must for the element's module). Loaded twice, it listens once.
(() => {
  const origin = new URL(document.currentScript.src).origin;
  const listening = (window.recurIframeOrigins ??= new Set());
  if (listening.has(origin)) return;
  listening.add(origin);
  addEventListener('message', (event) => {
    if (event.origin !== origin || event.data?.type !== 'recur:height') return;
    const height = Number(event.data.height);
    if (!(height > 0)) return;
    for (const iframe of document.querySelectorAll('iframe'))
      if (iframe.contentWindow === event.source) iframe.style.height = `${Math.ceil(height)}px`;
  });
})();
