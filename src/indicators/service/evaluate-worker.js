// Worker-thread entry for live evaluation: tsx's loader, then the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./evaluate-worker-main.ts');
