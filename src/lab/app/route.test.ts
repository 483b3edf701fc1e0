import { describe, expect, it } from 'vitest';
import { parseRoute } from './route.js';

describe('parseRoute', () => {
  it('splits the page from its query', () => {
    expect(parseRoute('#/range?steps=30')).toEqual({ route: 'range', query: 'steps=30' });
    expect(parseRoute('#/designer?spec=%7B%7D&steps=5')).toEqual({ route: 'designer', query: 'spec=%7B%7D&steps=5' });
    expect(parseRoute('#race')).toEqual({ route: 'race', query: '' });
  });

  it('sends empty and unknown routes to the designer, keeping the query', () => {
    expect(parseRoute('')).toEqual({ route: 'designer', query: '' });
    expect(parseRoute('#/nope?x=1')).toEqual({ route: 'designer', query: 'x=1' });
    expect(parseRoute('#/constructor')).toEqual({ route: 'designer', query: '' });
  });
});
