/** kubescene's version; part of build cache keys, not of traces. */
export const VERSION = '0.1.0';
