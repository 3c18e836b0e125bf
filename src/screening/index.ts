// Public surface of the screening module: the shipped instruments and the pure scorer.
export * from './tools/index.ts';
export * from './engine/index.ts';
