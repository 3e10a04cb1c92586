/** The timeline's colours and its legend, laid out left to right and wrapped onto a second line when it must. */

export const PHASE_COLOURS = {
  implement: '#3b82f6',
  testPassed: '#16a34a',
  testFailed: '#dc2626',
  reviewApproved: '#8b5cf6',
  /** Orange with a dark outline: apart from approve (violet) and from failed tests (red) at a glance. */
  reviewChanges: '#ea580c',
  reviewChangesOutline: '#7c2d12',
  baseline: '#0f766e',
  idle: '#d1d5db',
  boundary: '#111827',
};

export interface LegendPieces {
  rect(x: number, y: number, w: number, h: number, fill: string, extra?: string): string;
  text(x: number, y: number, content: string, fill: string, size: number): string;
}

export interface LegendItem {
  label: string;
  fill: string;
  extra?: string;
}

const ITEMS: LegendItem[] = [
  { label: 'baseline tests', fill: PHASE_COLOURS.baseline },
  { label: 'implement', fill: PHASE_COLOURS.implement },
  { label: 'tests passed', fill: PHASE_COLOURS.testPassed },
  { label: 'tests failed', fill: PHASE_COLOURS.testFailed },
  { label: 'review: approved', fill: PHASE_COLOURS.reviewApproved },
  { label: 'review: changes requested', fill: PHASE_COLOURS.reviewChanges, extra: `stroke="${PHASE_COLOURS.reviewChangesOutline}" stroke-width="1.5"` },
  { label: 'between phases', fill: PHASE_COLOURS.idle },
];
/** A little over the average width of a character at 11.5px in a system sans-serif. */
const CHAR_W = 6.4;
export const LEGEND_LINE_H = 20;

/** The legend from `left` to `right` starting at `y`, then `more` (the lanes' own colours); returns the markup and how many lines it took. */
export function legend(left: number, right: number, y: number, pieces: LegendPieces, more: LegendItem[] = []): { svg: string; lines: number } {
  const parts: string[] = [];
  let x = left;
  let line = 0;
  const place = (width: number) => {
    if (x + width > right && x > left) {
      line++;
      x = left;
    }
    const at = { x, y: y + line * LEGEND_LINE_H };
    x += width + 14;
    return at;
  };
  for (const item of ITEMS) {
    const at = place(17 + item.label.length * CHAR_W);
    parts.push(pieces.rect(at.x, at.y, 12, 12, item.fill, item.extra), pieces.text(at.x + 17, at.y + 10.5, item.label, '#374151', 11.5));
  }
  const next = place(14 + 'next attempt'.length * CHAR_W);
  parts.push(`<line x1="${next.x + 6}" y1="${next.y - 2}" x2="${next.x + 6}" y2="${next.y + 14}" stroke="${PHASE_COLOURS.boundary}" stroke-width="1.5"/>`);
  parts.push(pieces.text(next.x + 14, next.y + 10.5, 'next attempt', '#374151', 11.5));
  for (const item of more) {
    const at = place(17 + item.label.length * CHAR_W);
    parts.push(pieces.rect(at.x, at.y, 12, 12, item.fill, item.extra), pieces.text(at.x + 17, at.y + 10.5, item.label, '#374151', 11.5));
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, lines: line + 1 };
}
