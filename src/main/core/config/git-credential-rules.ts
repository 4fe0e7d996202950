import { z } from 'zod';

/**
 * A `config.json` rule for `signet git-credential`: which account answers git for a host, and
 * optionally only for one repository owner or path prefix (those need git's
 * `credential.useHttpPath`, which `signet setup-git` sets). The most specific match wins.
 * @see docs/ARCHITECTURE.md §7
 */
export const gitCredentialRuleSchema = z.strictObject({
  /** As git sends it: the host name, with `:port` when the URL has one. */
  host: z
    .string()
    .min(1)
    .max(261)
    .regex(/^[^\s/@]+$/, 'a host name such as "github.com" (with ":port" if the URL has one)'),
  owner: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\s/]+$/, 'a user or organization name')
    .optional(),
  pathPrefix: z.string().min(1).max(1024).optional(),
  /** An account selector, as `signet token` takes: an id, a provider, or `<provider>:<login or email>`. */
  account: z.string().min(1).max(400),
});

export const gitSettingsSchema = z.strictObject({
  rules: z.array(gitCredentialRuleSchema).max(500),
});

export type GitCredentialRule = z.infer<typeof gitCredentialRuleSchema>;
