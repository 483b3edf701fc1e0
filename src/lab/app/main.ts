import { designerPage } from './designer/page.js';
import { rangePage } from './range/page.js';
import { racePage } from './race/page.js';
import { reportPage } from './report/page.js';

/** Pages by route; the hash is `#/<route>?<query>` so the whole state is in the link. */
const PAGES: Record<string, (root: HTMLElement, query: string) => void> = {
  designer: designerPage,
  range: rangePage,
  race: racePage,
  report: reportPage,
};

/** `#/designer?spec=…` → ['designer', 'spec=…']; unknown or empty routes go to the designer. */
export function parseRoute(hash: string): { route: string; query: string } {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const route = q < 0 ? body : body.slice(0, q);
  return { route: route in PAGES ? route : 'designer', query: q < 0 ? '' : body.slice(q + 1) };
}

function show(): void {
  const root = document.getElementById('page');
  if (!root) return;
  const { route, query } = parseRoute(location.hash);
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('nav.tabs a'))) {
    a.classList.toggle('current', a.dataset.route === route);
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  PAGES[route](root, query);
  document.body.dataset.route = route;
}

window.addEventListener('hashchange', show);
show();
// Lets tests and the load-time measurement know the first page is interactive.
document.body.dataset.ready = 'true';
