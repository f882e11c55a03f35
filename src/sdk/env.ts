// Configuration from the environment, with the Terraform VCD provider's variable names, so an env
// file written for Terraform (or go-vcloud-director) connects the SDK unchanged.
import { VcdError } from './errors.ts';
import { accessTokenAuth } from './auth/access-token.ts';
import { apiTokenAuth } from './auth/api-token.ts';
import { passwordAuth } from './auth/password.ts';
import { serviceAccountAuth } from './auth/service-account.ts';
import type { AuthStrategy } from './auth/strategy.ts';
import type { ConnectOptions } from './options.ts';

export interface EnvConfig {
  url: string;
  /** VCD_ORG: the org operations default to (may differ from the login org, VCD_SYS_ORG) */
  org: string | undefined;
  /** the login the variables chose (VCD_AUTH_TYPE's words: integrated, token, api_token, …), if any */
  authType: string | undefined;
  options: ConnectOptions;
}

/**
 * The rule for boolean variables, shared with `vcdkit serve`: true, 1, yes, on and false, 0, no, off, in any
 * case; undefined for anything else (which the SDK reads as false, and the CLI refuses).
 */
export function parseBooleanWord(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (/^(1|true|yes|on)$/.test(word)) return true;
  if (/^(0|false|no|off)$/.test(word)) return false;
  return undefined;
}

const truthy = (v: string | undefined) => v !== undefined && parseBooleanWord(v) === true;

/** Which login the variables describe: VCD_AUTH_TYPE if set, else the first of SA file, API token file, API token, token, user+password. */
function authTypeFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env.VCD_AUTH_TYPE?.trim() || (
    env.VCD_SA_TOKEN_FILE ? 'service_account_token_file'
      : env.VCD_API_TOKEN_FILE ? 'api_token_file'
        : env.VCD_API_TOKEN ? 'api_token'
          : env.VCD_TOKEN ? 'token'
            : env.VCD_USER ? 'integrated' : undefined);
}

/** The strategy of that login. */
function authFromEnv(env: Record<string, string | undefined>, type: string | undefined, org: string | undefined): AuthStrategy | undefined {
  if (!type) return undefined;
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new VcdError(`[vcdkit] VCD_AUTH_TYPE=${type} needs ${name}`);
    return v;
  };
  const loginOrg = () => {
    if (!org) throw new VcdError('[vcdkit] set VCD_ORG (or VCD_SYS_ORG) to the org to log in to');
    return org;
  };
  switch (type) {
    case 'integrated': return passwordAuth({ user: need('VCD_USER'), password: need('VCD_PASSWORD'), org: loginOrg() });
    case 'token': return accessTokenAuth(need('VCD_TOKEN'));
    case 'api_token': return apiTokenAuth({ org: loginOrg(), token: need('VCD_API_TOKEN') });
    case 'api_token_file': return apiTokenAuth({ org: loginOrg(), tokenFile: need('VCD_API_TOKEN_FILE') });
    case 'service_account_token_file': return serviceAccountAuth({ org: loginOrg(), tokenFile: need('VCD_SA_TOKEN_FILE') });
    default: throw new VcdError(`[vcdkit] VCD_AUTH_TYPE=${type} is not supported (integrated, token, api_token, api_token_file, service_account_token_file)`);
  }
}

/**
 * Reads VCD_URL, VCD_ORG, VCD_SYS_ORG, VCD_USER, VCD_PASSWORD, VCD_TOKEN, VCD_API_TOKEN, VCD_API_TOKEN_FILE,
 * VCD_SA_TOKEN_FILE, VCD_AUTH_TYPE, VCD_ALLOW_UNVERIFIED_SSL, VCD_API_VERSION (or GOVCD_API_VERSION),
 * VCD_MAX_RETRY_TIMEOUT (seconds) and VCD_API_LOGGING (redacted request log on stderr).
 */
export function configFromEnv(env: Record<string, string | undefined> = process.env): EnvConfig {
  const url = env.VCD_URL;
  if (!url) throw new VcdError('[vcdkit] VCD_URL is not set (e.g. https://vcd.example.com/api)');
  const org = env.VCD_ORG || undefined;
  const authType = authTypeFromEnv(env);
  const options: ConnectOptions = {
    auth: authFromEnv(env, authType, env.VCD_SYS_ORG || org),
    apiVersion: env.VCD_API_VERSION || env.GOVCD_API_VERSION || undefined,
  };
  if (truthy(env.VCD_ALLOW_UNVERIFIED_SSL)) options.tls = { insecure: true };
  const retrySeconds = Number(env.VCD_MAX_RETRY_TIMEOUT);
  if (retrySeconds > 0) options.timeoutMs = retrySeconds * 1000;
  if (truthy(env.VCD_API_LOGGING)) options.debug = (e) => process.stderr.write(`${JSON.stringify(e)}\n`);
  return { url, org, authType, options };
}
