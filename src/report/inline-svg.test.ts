import { describe, expect, it } from 'vitest';
import { inlineSvg } from './inline-svg.js';

describe('inlineSvg', () => {
  it('prefixes ids and every reference to them', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="gradient_0"/><clipPath id="clip1"><rect/></clipPath></defs>' +
      '<rect fill="url(#gradient_0)" clip-path="url(#clip1)"/><use href="#clip1"/><use xlink:href="#clip1"/></svg>';
    expect(inlineSvg(svg, 'lr-range-f0')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="lr-range-f0-gradient_0"/><clipPath id="lr-range-f0-clip1"><rect/></clipPath></defs>' +
        '<rect fill="url(#lr-range-f0-gradient_0)" clip-path="url(#lr-range-f0-clip1)"/><use href="#lr-range-f0-clip1"/><use xlink:href="#lr-range-f0-clip1"/></svg>',
    );
  });

  it('keeps text that merely looks like an attribute', () => {
    const svg = '<svg><text>run once = 2</text></svg>';
    expect(inlineSvg(svg, 's')).toBe(svg);
  });

  it('refuses anything that could run code or is not an SVG', () => {
    const rule = 'figure: must not contain scripts, event handlers, javascript: links or foreignObject';
    expect(() => inlineSvg('<svg><script>alert(1)</script></svg>', 's', 'figure')).toThrow(rule);
    expect(() => inlineSvg('<svg><g onload="alert(1)"/></svg>', 's', 'figure')).toThrow(rule);
    expect(() => inlineSvg('<svg><a href="javascript:alert(1)">x</a></svg>', 's', 'figure')).toThrow(rule);
    expect(() => inlineSvg('<svg><foreignObject><div/></foreignObject></svg>', 's', 'figure')).toThrow(rule);
    expect(() => inlineSvg('<div>no</div>', 's', 'figure')).toThrow('figure: must be an <svg> document');
  });
});
