// The `sightline` command line. Each file in ./commands exports `register(program)`; they are found
// at start so adding a command never edits this file. Data goes to stdout, logs and progress to stderr,
// and any failure exits non-zero with a one-line message.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';

interface CommandModule {
  register(program: Command): void;
}

function isCommandModule(value: unknown): value is CommandModule {
  return (
    typeof value === 'object' && value !== null && typeof (value as CommandModule).register === 'function'
  );
}

export async function buildProgram(): Promise<Command> {
  const program = new Command('sightline')
    .description(
      'Sightline: the joined-up picture of child sexual exploitation for a safeguarding partnership',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(folder, file)).href);
    if (!isCommandModule(mod)) throw new Error(`CLI command file ${file} does not export register(program)`);
    mod.register(program);
  }
  return program;
}
