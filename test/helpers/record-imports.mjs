// `node --import ./record-imports.mjs …`: appends every module specifier the process resolves to
// the file named by SIGNET_RECORD_IMPORTS, so a test can see what a command loaded.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  appendFileSync(${JSON.stringify(process.env['SIGNET_RECORD_IMPORTS'])}, specifier + '\\n');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
