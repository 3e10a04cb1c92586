/** The timeline's drawing primitives: rectangles with a hover title, text, rounded coordinates. Attributes only, no CSS. */
import { escapeXml } from './escape.js';

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export function rect(rx: number, ry: number, w: number, h: number, fill: string, cls?: string, title?: string, extra?: string): string {
  const attrs = `x="${f(rx)}" y="${f(ry)}" width="${f(w)}" height="${h}" rx="2" fill="${fill}"${cls ? ` class="${cls}"` : ''}${extra ? ` ${extra}` : ''}`;
  return title ? `<rect ${attrs}><title>${escapeXml(title)}</title></rect>` : `<rect ${attrs}/>`;
}

export function text(tx: number, ty: number, content: string, anchor: 'start' | 'middle', fill: string, size = 12): string {
  return `<text x="${f(tx)}" y="${f(ty)}" text-anchor="${anchor}" fill="${fill}" font-size="${size}" ${FONT}>${escapeXml(content)}</text>`;
}

/** One decimal: enough for a crisp picture, short enough to keep the file small. */
export const f = (n: number) => (Math.round(n * 10) / 10).toString();
