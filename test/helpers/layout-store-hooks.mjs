/**
 * Module hooks of the binaries the tests run (registered by
 * test/helpers/layout-store-preload.mjs): the compiled layout stage,
 * dist/layout/index.js, is served as itself with its `layout` answered from
 * the suite's layout store (test/helpers/layout-store-bin.mjs). Every other
 * export, and every other module, is the compiled one, loaded once.
 */
const STAGE = new URL('../../dist/layout/index.js', import.meta.url).href;
const COMPUTED = `${STAGE}?computed`;
const STORE = new URL('./layout-store-bin.mjs', import.meta.url).href;

export async function load(url, context, nextLoad) {
  if (url !== STAGE) return nextLoad(url, context);
  const source = [
    `export * from ${JSON.stringify(COMPUTED)};`,
    `import { layout as computed } from ${JSON.stringify(COMPUTED)};`,
    `import { storedLayout } from ${JSON.stringify(STORE)};`,
    'export function layout(view, opts) { return storedLayout(view, () => computed(view, opts)); }',
  ].join('\n');
  return { format: 'module', source, shortCircuit: true };
}
