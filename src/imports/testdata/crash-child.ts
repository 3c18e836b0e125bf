// Child process for the crash test: imports files into a PostgreSQL database, to be killed at random.
import { importFile } from '../index.ts';
import { openDatabase } from '../../platform/database/index.ts';

const [url, partnershipId, ...jobs] = process.argv.slice(2);
const handle = await openDatabase({ kind: 'postgres', url: url! });
for (const job of jobs) {
  const [feed, file] = job.split('=');
  await importFile(handle, { partnershipId: partnershipId!, feed: feed!, file: file!, chunkSize: 40 });
}
await handle.close();
