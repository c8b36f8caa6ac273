/**
 * The operator pages: registered platforms and their deployments, install codes, manual
 * registration. For the person who runs CoachLoop (OPERATOR_TOKEN), not an LTI launch; they
 * show registration facts only, never people or coaching content.
 */
import type { Express, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../config';
import { HttpError, badRequest } from '../../auth/httpError';
import { operatorOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import type { LtiAdapter } from '../../lti/provider';
import type { TenantResolver } from '../launch/tenantResolver';
import { createInstallCode, listInstallCodes } from '../registration/installCodes';
import { LoginThrottle } from './loginThrottle';
import { OperatorGate } from './operatorSession';
import { listPlatforms } from './platformDirectory';
import { registerPlatformManually } from './platformRegistrar';
import { PlatformRemovalRefused, removePlatform } from './platformRemover';
import { presentInstallCodes, presentPlatformForm, presentPlatforms, presentToolSettings, when } from './presenter';
import { fieldMessages, installCodeInput, platformInput, platformInputWarnings, platformKeyInput, tenantActionInput, tenantIdInput } from './schema';
import { operatorSessionRoutes } from './sessionRoutes';
import { changeTenantStatus, TenantNotFound } from './tenantStatusChanger';
import { registrationUrl } from './toolSettings';

/** What the operator pages need from the app. */
export interface OperatorDeps {
  config: Config;
  sequelize: Sequelize;
  lti: LtiAdapter;
  tenants: TenantResolver;
}

const NAV = [
  { href: '/operator', label: 'Overview' },
  { href: '/operator/platforms/new', label: 'Register a platform' },
];
const nav = (current: string) => NAV.map((n) => ({ ...n, current: n.href === current }));

/** The manual registration form's body as schema input (deployment ids one per line or comma-separated). */
function platformFormValues(body: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    issuer: text(body.issuer), clientId: text(body.clientId), authUrl: text(body.authUrl), tokenUrl: text(body.tokenUrl),
    jwksUrl: text(body.jwksUrl), name: text(body.name),
    deploymentIds: (text(body.deploymentIds) ?? '').split(/[\s,]+/).filter(Boolean),
    acceptNewDeployments: body.acceptNewDeployments === 'on' || body.acceptNewDeployments === 'yes',
  };
}

/** Mounts the operator sign-in and pages. Operator pages answer 404 while OPERATOR_TOKEN is unset. */
export function operatorRoutes(app: Express, routes: RouteTable, deps: OperatorDeps): void {
  const { config, sequelize, lti, tenants } = deps;
  const gate = new OperatorGate({ operatorToken: config.operatorToken, encryptionKey: config.encryptionKey, secure: config.publicUrl.startsWith('https://') });
  routes.useOperatorAuth(gate);
  // Operator pages show one-time codes and registration details: never cache them.
  app.use('/operator', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  operatorSessionRoutes(app, routes, gate, new LoginThrottle());

  const renderDashboard = async (res: Response, status: number, extra: Record<string, unknown> = {}) => {
    const platforms = await listPlatforms(sequelize);
    const names = new Map(platforms.map((p) => [p.kid, p.name || p.issuer]));
    res.status(status).render('operator/dashboard', {
      title: 'Operator — CoachLoop', nav: nav('/operator'), csrf: res.locals.operator?.csrfToken,
      platforms: presentPlatforms(platforms),
      installCodes: presentInstallCodes(await listInstallCodes(sequelize), names),
      registrationMode: config.registrationMode,
      ...presentToolSettings(config.publicUrl),
      ...extra,
    });
  };

  routes.add(app, {
    method: 'get', path: '/operator', policy: operatorOnly, description: 'Operator overview: platforms, deployments, install codes',
    handler: async (req, res) => {
      const changed = tenantIdInput.safeParse(req.query.changed);
      const tenant = changed.success ? (await listPlatforms(sequelize)).flatMap((p) => p.tenants.map((t) => ({ ...t, platform: p.name }))).find((t) => t.id === changed.data) : undefined;
      await renderDashboard(res, 200, tenant ? { notice: `Deployment ${tenant.deploymentId} of ${tenant.platform} is now ${tenant.status}.` } : {});
    },
  });

  routes.add(app, {
    method: 'post', path: '/operator/install-codes', policy: operatorOnly, description: 'Create a one-time install code (shown once)',
    handler: async (req, res) => {
      const parsed = installCodeInput.safeParse({ label: req.body?.label, hours: req.body?.hours || undefined });
      if (!parsed.success) return renderDashboard(res, 400, { codeError: parsed.error.issues[0].message, codeLabel: req.body?.label, codeHours: req.body?.hours });
      const created = await createInstallCode(sequelize, { label: parsed.data.label, ttlHours: parsed.data.hours });
      await renderDashboard(res, 201, { newCode: { code: created.code, label: created.label, expires: when(created.expiresAt), url: registrationUrl(config.publicUrl, created.code) } });
    },
  });

  const renderForm = (res: Response, status: number, values: Parameters<typeof presentPlatformForm>[0] = {}, errors: Record<string, string> = {}) =>
    res.status(status).render('operator/platformForm', {
      title: 'Register a platform — CoachLoop', nav: nav('/operator/platforms/new'), csrf: res.locals.operator?.csrfToken,
      form: presentPlatformForm(values, errors), ...presentToolSettings(config.publicUrl),
    });

  routes.add(app, {
    method: 'get', path: '/operator/platforms/new', policy: operatorOnly, description: 'Manual platform registration form',
    handler: (_req, res) => renderForm(res, 200),
  });

  routes.add(app, {
    method: 'post', path: '/operator/platforms/new', policy: operatorOnly, description: 'Register a platform by hand (validated; nothing stored on error)',
    handler: async (req, res) => {
      const values = platformFormValues(req.body ?? {});
      const parsed = platformInput.safeParse(values);
      if (!parsed.success) return renderForm(res, 400, values, fieldMessages(parsed.error));
      const result = await registerPlatformManually({ sequelize, lti, tenants }, parsed.data);
      res.status(201).render('operator/platformResult', {
        title: 'Platform registered — CoachLoop', nav: nav(''), csrf: res.locals.operator?.csrfToken,
        result, input: parsed.data, warnings: platformInputWarnings(parsed.data), ...presentToolSettings(config.publicUrl),
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/operator/platforms/remove', policy: operatorOnly, description: 'Remove a platform (deployments with data are suspended, never deleted)',
    handler: async (req, res) => {
      const parsed = platformKeyInput.safeParse(req.body ?? {});
      if (!parsed.success) throw badRequest(parsed.error.issues[0].message, 'BAD_PLATFORM');
      try {
        const removed = await removePlatform(sequelize, {
          ...parsed.data, confirmed: req.body?.confirm === 'yes',
          forgetCaches: () => { lti.forgetCaches(); tenants.forget(); },
        });
        const kept = removed.suspendedTenants.length
          ? ` ${removed.suspendedTenants.length} deployment(s) with data were suspended and keep their data; the platform record stays, deactivated.`
          : '';
        await renderDashboard(res, 200, { notice: `Removed ${removed.name}.${kept}` });
      } catch (err) {
        if (!(err instanceof PlatformRemovalRefused)) throw err;
        if (err.reason === 'not-found') throw new HttpError(404, 'No such platform', err.message, 'PLATFORM_NOT_FOUND');
        await renderDashboard(res, 409, { error: `${err.message} To go ahead, tick "Suspend its deployments and keep their data" and remove it again.` });
      }
    },
  });

  routes.add(app, {
    method: 'post', path: '/operator/tenants/:id/status', policy: operatorOnly, description: 'Approve, suspend or activate a deployment (tenant)',
    handler: async (req, res) => {
      const id = tenantIdInput.safeParse(req.params.id);
      const notThere = new HttpError(404, 'No such deployment', `There is no deployment with tenant id ${String(req.params.id).slice(0, 20)}. Go back to the overview and reload it.`, 'TENANT_NOT_FOUND');
      if (!id.success) throw notThere;
      const action = tenantActionInput.safeParse(req.body?.action);
      if (!action.success) throw badRequest(`${action.error.issues[0].message} (got ${JSON.stringify(String(req.body?.action ?? '')).slice(0, 40)})`, 'BAD_TENANT_ACTION');
      try {
        await changeTenantStatus({ sequelize, tenants }, { tenantId: id.data, action: action.data });
      } catch (err) {
        if (err instanceof TenantNotFound) throw notThere;
        throw err;
      }
      res.redirect(303, `/operator?changed=${id.data}#tenant-${id.data}`);
    },
  });
}
