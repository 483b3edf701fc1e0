import { existsSync } from 'node:fs';

/** A font the PNG renderer can load, and the family name the SVG's `sans-serif` maps to. */
export interface ChartFont {
  family: string;
  files: string[];
}

/**
 * Where common sans fonts live (Debian/Ubuntu, Fedora, Arch, Alpine, macOS, Windows).
 * We load one explicit file rather than scanning every system font: it is faster, and a PNG
 * looks the same wherever that font exists.
 */
const CANDIDATES: ReadonlyArray<{ family: string; regular: string; bold?: string }> = [
  { family: 'DejaVu Sans', regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' },
  { family: 'DejaVu Sans', regular: '/usr/share/fonts/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf' },
  { family: 'DejaVu Sans', regular: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', bold: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf' },
  { family: 'DejaVu Sans', regular: '/usr/share/fonts/TTF/DejaVuSans.ttf', bold: '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf' },
  { family: 'Liberation Sans', regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
  { family: 'Liberation Sans', regular: '/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf', bold: '/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf' },
  { family: 'Noto Sans', regular: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', bold: '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf' },
  { family: 'Noto Sans', regular: '/usr/share/fonts/noto/NotoSans-Regular.ttf', bold: '/usr/share/fonts/noto/NotoSans-Bold.ttf' },
  { family: 'Helvetica', regular: '/System/Library/Fonts/Helvetica.ttc' },
  { family: 'Arial', regular: '/System/Library/Fonts/Supplemental/Arial.ttf', bold: '/System/Library/Fonts/Supplemental/Arial Bold.ttf' },
  { family: 'Arial', regular: 'C:\\Windows\\Fonts\\arial.ttf', bold: 'C:\\Windows\\Fonts\\arialbd.ttf' },
];

let cached: ChartFont | null | undefined;

/**
 * The first known sans font present on this machine, or null when none is (the renderer then
 * scans system fonts, and PNG text may be missing: install e.g. `fonts-dejavu-core`).
 * Looked up once per process.
 */
export function findChartFont(): ChartFont | null {
  if (cached !== undefined) return cached;
  const hit = CANDIDATES.find((c) => existsSync(c.regular));
  cached = hit ? { family: hit.family, files: [hit.regular, ...(hit.bold && existsSync(hit.bold) ? [hit.bold] : [])] } : null;
  return cached;
}
