export { renderSvg, type RenderSvgOptions } from './writer.ts';
export { escapeXml } from './xml.ts';
