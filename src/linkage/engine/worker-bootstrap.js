// Starts the TypeScript linkage worker through tsx's loader (there is no build step).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
