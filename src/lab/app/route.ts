/** The app's pages; the hash is `#/<route>?<query>`, so a link holds the page and its state. */
export const ROUTES = ['designer', 'range', 'race', 'report'] as const;
export type Route = (typeof ROUTES)[number];

/** `#/designer?spec=…` → `{route: 'designer', query: 'spec=…'}`; unknown or empty routes go to the designer. */
export function parseRoute(hash: string): { route: Route; query: string } {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const name = q < 0 ? body : body.slice(0, q);
  const route = (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'designer';
  return { route, query: q < 0 ? '' : body.slice(q + 1) };
}
