/**
 * Input of the operator's commands, shared by the CLI and the operator pages: registering a
 * platform by hand, changing a deployment's status, creating an install code.
 * Field names are the form's; `CLI_FLAGS` maps them to the command-line options.
 */
import { z } from 'zod';

/** An http(s) URL, kept exactly as given (trimmed). */
function httpUrl(what: string, example: string) {
  return z
    .string({ error: `${what} is missing: expected an http:// or https:// URL such as ${example}` })
    .trim()
    .min(1, `${what} is missing: expected an http:// or https:// URL such as ${example}`)
    .max(1024, `${what} is too long: at most 1024 characters`)
    .refine((u) => {
      try {
        const parsed = new URL(u);
        return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
      } catch {
        return false;
      }
    }, `${what} is not valid: expected an http:// or https:// URL such as ${example}`);
}

const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long: at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A platform registered by hand (Schoology, Blackboard, or any LMS without Dynamic Registration). */
export const platformInput = z.object({
  issuer: httpUrl('The issuer', 'https://schoology.schoology.com').refine((u) => u.trim().length <= 255, 'The issuer is too long: at most 255 characters'),
  clientId: z
    .string({ error: 'The client id is missing: expected the client id the LMS gave CoachLoop' })
    .trim()
    .min(1, 'The client id is missing: expected the client id the LMS gave CoachLoop')
    .max(255, 'The client id is too long: at most 255 characters'),
  authUrl: httpUrl("The LMS's authorization (OIDC auth) URL", 'https://lms.example.org/lti/authorize'),
  tokenUrl: httpUrl("The LMS's access token URL", 'https://lms.example.org/lti/token'),
  jwksUrl: httpUrl("The LMS's public keyset (JWKS) URL", 'https://lms.example.org/lti/jwks'),
  name: optionalText('The name', 255),
  deploymentIds: z
    .array(z.string().trim().max(255, 'A deployment id is too long: at most 255 characters'))
    .default([])
    .transform((ids) => [...new Set(ids.filter((id) => id !== ''))]),
  acceptNewDeployments: z.boolean().default(false),
});

/** A validated manual registration. */
export type PlatformInput = z.infer<typeof platformInput>;

/** The command-line option for each field of `platformInput`. */
export const CLI_FLAGS: Record<keyof PlatformInput, string> = {
  issuer: '--issuer',
  clientId: '--client-id',
  authUrl: '--auth-url',
  tokenUrl: '--token-url',
  jwksUrl: '--jwks-url',
  name: '--name',
  deploymentIds: '--deployment-id',
  acceptNewDeployments: '--accept-new-deployments',
};

/** Warnings about input that is valid but probably not what the operator meant. */
export function platformInputWarnings(input: PlatformInput): string[] {
  const warnings: string[] = [];
  if (input.issuer.endsWith('/')) {
    warnings.push(`The issuer ends with "/". Platforms send their issuer exactly (Canvas: https://canvas.instructure.com, Schoology: https://schoology.schoology.com) and launches match it character for character; it was kept as given.`);
  }
  if (!input.deploymentIds.length && !input.acceptNewDeployments) {
    warnings.push('No deployment id was given: each deployment that launches will wait for your approval (npm run deployments -- approve <tenant id>, or the operator page).');
  }
  return warnings;
}

/** A platform to remove: issuer and client id, exactly as registered. */
export const platformKeyInput = z.object({
  issuer: z.string({ error: 'The issuer is missing' }).trim().min(1, 'The issuer is missing: give it exactly as registered (see the platform list)'),
  clientId: z.string({ error: 'The client id is missing' }).trim().min(1, 'The client id is missing: give it exactly as registered (see the platform list)'),
});

/** What an operator does to a deployment (tenant), and the status it leads to. */
export const TENANT_ACTIONS = { approve: 'active', activate: 'active', suspend: 'suspended' } as const;
export type TenantAction = keyof typeof TENANT_ACTIONS;

export const tenantActionInput = z.enum(Object.keys(TENANT_ACTIONS) as [TenantAction, ...TenantAction[]], {
  error: 'Choose approve, activate or suspend.',
});

/** A tenant id as it appears in URLs and on the command line. */
export const tenantIdInput = z
  .string({ error: 'The tenant id is missing: expected the number shown in the deployment list' })
  .trim()
  .regex(/^[1-9]\d{0,9}$/, 'The tenant id is not valid: expected the number shown in the deployment list')
  .transform(Number);

/** A new install code: an optional label and how long it stays valid. */
export const installCodeInput = z.object({
  label: optionalText('The label', 255),
  hours: z.coerce
    .number({ error: 'The validity is not a number: expected a number of hours between 1 and 720' })
    .int('The validity must be a whole number of hours (1 to 720)')
    .min(1, 'The validity must be at least 1 hour')
    .max(720, 'The validity must be at most 720 hours (30 days)')
    .default(72),
});

/** Messages of a failed parse, keyed by field (first message per field). */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    out[field] ??= issue.message;
  }
  return out;
}
