// What every representation needs to know about the request it answers.
import type { Format } from './serialize.ts';

export interface RenderContext {
  /** scheme://host[:port], no trailing slash */
  baseUrl: string;
  format: Format;
  version: string;
}

/** "vcloud.session" → "application/vnd.vmware.vcloud.session+xml" (or +json). */
export const mediaType = (ctx: RenderContext, family: string): string =>
  `application/vnd.vmware.${family}+${ctx.format}`;

export const href = (ctx: RenderContext, path: string): string => `${ctx.baseUrl}${path}`;
