/** The part of oidc-provider 9 (which ships no type declarations) that the embedded provider uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  /* eslint-disable @typescript-eslint/no-explicit-any */
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, any>);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string; details: Record<string, any> }; params: Record<string, any>; session?: { accountId: string } }>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, any>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: any[]) => void): this;
    Grant: any;
  }
  export const errors: Record<string, new (description?: string) => Error>;
}
