// Public surface of the network module (graph analysis; engine/ is pure).
export * from './engine/types.ts';
export * from './engine/csr.ts';
export * from './engine/components.ts';
export * from './engine/centrality.ts';
export * from './engine/eigenvector.ts';
export * from './engine/louvain.ts';
export * from './engine/build-graph.ts';
export * from './engine/to-csr.ts';
export * from './engine/trim.ts';
export * from './engine/groups.ts';
export * from './engine/hotspots.ts';
export * from './engine/measures.ts';
export * from './engine/planted.ts';
export * from './pole.schema.ts';
export * from './simulated-graph.ts';
export * from './export-csv.ts';
