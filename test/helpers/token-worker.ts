// A second (third, …) Signet process for the multi-process tests: waits for a shared start
// instant, asks for a token through the real core, and prints only a hash of what it got.
import { createHash } from 'node:crypto';
import { selectAccount } from '../../src/main/cli/select-account.js';
import { createCore } from '../../src/main/core/index.js';

const [selector, minValidity, startAt] = process.argv.slice(2);
const service = await createCore({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
const account = selectAccount(service.listAccountSummaries(), selector!);
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
try {
  const token = await service.getAccessToken(account.id, { minValiditySeconds: Number(minValidity) });
  process.stdout.write(
    `${JSON.stringify({ ok: true, token: createHash('sha256').update(token.accessToken).digest('hex').slice(0, 16) })}\n`,
  );
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, code: (error as { code?: string }).code })}\n`);
} finally {
  await service.close();
}
