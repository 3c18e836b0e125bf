// Entry point of the `sightline` command (bin/sightline.js imports this file).
import { CommanderError } from 'commander';
import { buildProgram } from './program.ts';

const program = await buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sightline: ${message}\n`);
    process.exitCode = 1;
  }
}
