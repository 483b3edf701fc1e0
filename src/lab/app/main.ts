import { designerPage } from './designer/page.js';
import { rangePage } from './range/page.js';
import { racePage } from './race/page.js';
import { reportPage } from './report/page.js';
import { parseRoute, type Route } from './route.js';

// Every import above has been evaluated by now: what the bundle costs before our code runs.
performance.mark('lab:modules');

const PAGES: Record<Route, (root: HTMLElement, query: string) => void> = {
  designer: designerPage,
  range: rangePage,
  race: racePage,
  report: reportPage,
};

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
