import sharp from "sharp";

/**
 * Artwork for the demo and the browser journeys, drawn locally (no network): an SVG composed from a
 * seed (palette, shapes, title), rendered to PNG with sharp. The same seed always gives the same bytes,
 * and different seeds give different bytes, so each image has its own content hash.
 */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 10_000) / 10_000;
  };
}

const palettes = [
  ["#0f172a", "#22c55e", "#facc15", "#f97316"],
  ["#1e1b4b", "#a78bfa", "#f472b6", "#fde68a"],
  ["#042f2e", "#2dd4bf", "#fef3c7", "#fb7185"],
  ["#1c1917", "#f59e0b", "#ef4444", "#e7e5e4"],
  ["#0c4a6e", "#38bdf8", "#f0f9ff", "#fbbf24"],
  ["#3f1d38", "#f0abfc", "#86efac", "#fef9c3"],
];

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function artworkSvg(seed: number, title: string, size = 768): string {
  const r = rng(seed);
  const [bg, a, b, c] = palettes[seed % palettes.length];
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const colour = [a, b, c][i % 3];
    const x = Math.round(r() * size);
    const y = Math.round(r() * size);
    const s = Math.round(30 + r() * size * 0.3);
    const opacity = (0.35 + r() * 0.5).toFixed(2);
    shapes.push(
      i % 2
        ? `<circle cx="${x}" cy="${y}" r="${s / 2}" fill="${colour}" fill-opacity="${opacity}"/>`
        : `<rect x="${x - s / 2}" y="${y - s / 2}" width="${s}" height="${Math.round(s * (0.4 + r()))}" rx="${Math.round(r() * 30)}" fill="${colour}" fill-opacity="${opacity}" transform="rotate(${Math.round(r() * 90)} ${x} ${y})"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${a}" stop-opacity="0.35"/></linearGradient></defs>
<rect width="${size}" height="${size}" fill="${bg}"/><rect width="${size}" height="${size}" fill="url(#g)"/>
${shapes.join("\n")}
<text x="${size / 2}" y="${size - 40}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(size / 18)}" fill="#ffffff" text-anchor="middle">${escapeXml(title)}</text>
</svg>`;
}

/** A PNG of the seeded artwork. */
export async function artworkPng(seed: number, title: string, size = 768): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(artworkSvg(seed, title, size)))
      .png({ compressionLevel: 9 })
      .toBuffer(),
  );
}
