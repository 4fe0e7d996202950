// The part of oidc-provider (v9, shipped without types) that the tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface InteractionPrompt {
    name: 'login' | 'consent' | (string & {});
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
  }

  export interface Interaction {
    uid: string;
    prompt: InteractionPrompt;
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }

  export interface InteractionResult {
    login?: { accountId: string };
    consent?: { grantId?: string };
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface StoredToken {
    jti: string;
    grantId?: string;
    consumed?: unknown;
    isExpired: boolean;
  }

  export interface TokenModel {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<StoredToken | undefined>;
  }

  /** What event listeners receive first: the Koa context, with oidc-provider's own part. */
  export interface EventContext {
    oidc?: { params?: Record<string, unknown> };
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    Grant: new (properties: { accountId: string; clientId: string }) => Grant;
    AccessToken: TokenModel;
    RefreshToken: TokenModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'grant.success', listener: (ctx: EventContext) => void): this;
    on(event: 'grant.error', listener: (ctx: EventContext, error: Error) => void): this;
    on(event: 'grant.revoked', listener: (ctx: EventContext, grantId: string) => void): this;
    on(event: 'access_token.saved' | 'refresh_token.saved', listener: (token: StoredToken) => void): this;
    on(event: 'server_error', listener: (ctx: EventContext, error: Error) => void): this;
    on(event: string, listener: (ctx: EventContext, error: Error) => void): this;
  }

  export default Provider;
}
