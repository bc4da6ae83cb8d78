// A digit's pixels ([28, 28] values in [0, 1], as the model reads them) drawn on a canvas: ink
// dark on paper, one square a pixel; a row can be lit (the step being read) and the rows not yet
// read dimmed. It draws values the JS API computed; it computes none.
import { h } from './dom.mjs';

/**
 * A canvas element that draws `image` once the page has placed it (dom.mjs's fill() calls its
 * draw()). `row`: the lit row; rows after it are dimmed (not read yet).
 */
export function digitCanvas(image, { scale = 4, row = null, label = '', id } = {}) {
  const [rows, cols] = image.shape;
  // A pixel a digit's pixel, scaled up by CSS (pixelated), unless a row is lit: its outline needs
  // the finer grid. A gallery of 48 digits then puts 16 times fewer pixels than at scale 4.
  const fine = row === null ? 1 : scale;
  const canvas = h('canvas', {
    id,
    class: 'digit-canvas',
    width: cols * fine,
    height: rows * fine,
    style: `width: ${cols * scale}px; height: ${rows * scale}px`,
    role: 'img',
    'aria-label': label,
    dataset: { row: row === null ? undefined : String(row) },
  });
  canvas.draw = (el) => {
    const c = el.getContext('2d');
    // One image of the canvas's pixels, put at once: a gallery of 48 digits drawn a square at a
    // time took 50 ms of fillRect.
    const w = cols * fine,
      pixels = new ImageData(w, rows * fine);
    for (let y = 0; y < rows * fine; ++y)
      for (let x = 0; x < w; ++x) {
        const v = image.data[Math.floor(y / fine) * cols + Math.floor(x / fine)];
        const later = row !== null && y >= (row + 1) * fine;
        const shade = Math.round(255 - v * (later ? 90 : 235));
        const at = 4 * (y * w + x);
        pixels.data[at] = pixels.data[at + 1] = shade;
        pixels.data[at + 2] = later ? shade : Math.min(255, shade + 8);
        pixels.data[at + 3] = 255;
      }
    c.putImageData(pixels, 0, 0);
    if (row !== null) {
      c.strokeStyle = '#ea580c';
      c.lineWidth = Math.max(1, scale / 3);
      c.strokeRect(0.5, row * scale + 0.5, cols * scale - 1, scale - 1);
    }
  };
  return canvas;
}
