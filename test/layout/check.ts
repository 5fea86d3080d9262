/**
 * The geometry checks the tests use: they live in src/layout/checks.ts, since
 * the architecture layout uses them too (graph.ts, the docs-column layout is
 * kept only when it is as clean as the slide layout).
 */
export * from '../../src/layout/checks.ts';
