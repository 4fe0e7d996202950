// Tenants in the Microsoft identity platform's paths, and who may sign in through which.
// [oidc]   https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc (read 2026-12-02)
// [errors] https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (read 2026-12-02)

import { AADSTS } from './aadsts-errors.js';
import type { AadstsError } from './aadsts-errors.js';

/** The tenant of personal Microsoft accounts.
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference (read 2026-12-02) */
export const MICROSOFT_CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** The `{tenant}` of a path: common, organizations, consumers, or a tenant id [oidc]. */
export type Tenant =
  | { kind: 'common' | 'organizations' | 'consumers' }
  | { kind: 'id'; id: string }
  | { kind: 'invalid'; raw: string };

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenant domain names (contoso.onmicrosoft.com) are not modelled: they parse as invalid. */
export function parseTenant(raw: string): Tenant {
  const lower = raw.toLowerCase();
  if (lower === 'common' || lower === 'organizations' || lower === 'consumers') return { kind: lower };
  // [oidc]: "You can also use the consumer tenant GUID … in place of consumers".
  if (lower === MICROSOFT_CONSUMER_TENANT_ID) return { kind: 'consumers' };
  if (GUID_RE.test(raw)) return { kind: 'id', id: lower };
  return { kind: 'invalid', raw };
}

export interface AppRegistration {
  clientId: string;
  /** 'multi': any tenant and personal accounts; 'single': the app's own tenant only. */
  tenancy: 'multi' | 'single';
  appTenantId: string;
}

/** Whether the app may be used through this tenant path, or the error that says why not [errors]. */
export function appRefusal(
  app: AppRegistration,
  tenant: Exclude<Tenant, { kind: 'invalid' }>,
): AadstsError | null {
  if (app.tenancy === 'multi') return null;
  if (tenant.kind === 'id') return tenant.id === app.appTenantId ? null : AADSTS.appNotFound(app.clientId);
  return AADSTS.notMultiTenant(app.clientId, tenant.kind);
}

/**
 * Whether an account of this home tenant may sign in through the path: consumers takes personal
 * accounts only, organizations work accounts only, common both, a tenant id its own users [oidc].
 */
export function accountRefusal(
  tenant: Exclude<Tenant, { kind: 'invalid' }>,
  user: { tenantId: string; preferredUsername: string },
  clientId: string,
): AadstsError | null {
  const personal = user.tenantId.toLowerCase() === MICROSOFT_CONSUMER_TENANT_ID;
  switch (tenant.kind) {
    case 'consumers':
      return personal ? null : AADSTS.wrongAccountType();
    case 'organizations':
      return personal ? AADSTS.wrongAccountType() : null;
    case 'common':
      return null;
    case 'id':
      return user.tenantId.toLowerCase() === tenant.id
        ? null
        : AADSTS.userNotInTenant(user.preferredUsername, tenant.id, clientId);
  }
}
