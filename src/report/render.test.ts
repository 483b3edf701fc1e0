import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scheduleChart } from './charts/schedule-chart.js';
import { renderPng, renderSvg, svgToPng } from './render.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * A minimal PNG decoder written from the PNG spec (RFC 2083), independent of resvg:
 * 8-bit RGBA, non-interlaced, the only form resvg writes; other forms fail the test.
 */
function decodePng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(bytes);
  expect([...buf.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // bit depth 8, colour type RGBA, no interlace
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      rgba[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Fraction of pixels darker than mid-grey (opaque, every channel < 128). */
function darkFraction({ rgba }: { rgba: Uint8Array }): number {
  let dark = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] < 128 && rgba[i + 1] < 128 && rgba[i + 2] < 128 && rgba[i + 3] > 200) dark++;
  return dark / (rgba.length / 4);
}

const small = scheduleChart({ lr: [0.1, 0.08, 0.05, 0.02, 0.01], momentum: [0.85, 0.88, 0.9, 0.92, 0.95] }, { title: 'Tiny <schedule> & co', width: 200, height: 120 });
const svgSize = (svg: string) => ({ width: Number(/width="(\d+)"/.exec(svg)?.[1]), height: Number(/height="(\d+)"/.exec(svg)?.[1]) });

describe('renderSvg', () => {
  it('returns an <svg> document with the axis titles and the escaped title', async () => {
    const svg = await renderSvg(small);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Learning rate');
    expect(svg).toContain('Momentum');
    expect(svg).toContain('>Step<');
    expect(svg).toContain('Tiny &lt;schedule&gt; &amp; co');
    expect(svg).not.toContain('<schedule>');
  });
});

describe('renderPng', () => {
  it('returns a PNG at 2× the SVG size by default, with ink on it', async () => {
    const svg = await renderSvg(small);
    const png = await renderPng(small);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(1_000_000);
    const image = decodePng(png);
    const { width, height } = svgSize(svg);
    expect(image.width).toBe(2 * width);
    expect(image.height).toBe(2 * height);
    // Axis text, ticks and the dark title cover some but far from all of a white chart.
    const dark = darkFraction(image);
    expect(dark).toBeGreaterThan(0.005);
    expect(dark).toBeLessThan(0.3);
  });

  it('honours the scale option and rejects a bad one', async () => {
    const svg = await renderSvg(small);
    expect(decodePng(await renderPng(small, { scale: 1 })).width).toBe(svgSize(svg).width);
    await expect(renderPng(small, { scale: 0 })).rejects.toThrow('scale: must be a number in (0, 10]');
    await expect(renderPng(small, { scale: Number.NaN })).rejects.toThrow('scale: must be a number in (0, 10]');
  });
});

describe('svgToPng', () => {
  it('draws text with a real font, not nothing', () => {
    // Only text in the image: if no font were loaded resvg would skip it and leave the canvas white.
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="32" font-family="sans-serif" font-size="32" fill="black">Ag</text></svg>';
    const dark = darkFraction(decodePng(svgToPng(svg, { scale: 1 })));
    expect(dark).toBeGreaterThan(0.03);
  });

  it('refuses input that is not an SVG document', () => {
    expect(() => svgToPng('<html></html>')).toThrow('svg: must be an <svg> document');
  });
});
