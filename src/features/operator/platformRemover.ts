/**
 * Removes a registered platform (CLI `platform remove` and the operator page) without ever
 * deleting coaching data.
 *
 * - Deployments (tenants) nobody has launched into hold no data: they are deleted.
 * - Deployments with people or courses are suspended and keep everything. Their rows refer to the
 *   platform (tenants.platform_kid, ON DELETE RESTRICT), so the platform record then stays too,
 *   deactivated (launches from it are refused) with its keys, so that registering it again
 *   reconnects the data. Removing a platform whose deployments hold people needs `confirmed`.
 * - With no deployment left, the platform row and its key pair (lti_keys) are deleted.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { findPlatform } from './platformDirectory';

/** Why removal did not happen; the message says what to do. */
export class PlatformRemovalRefused extends Error {
  constructor(message: string, readonly reason: 'not-found' | 'has-people') {
    super(message);
  }
}

/** What removal did. */
export interface PlatformRemovalResult {
  kid: string;
  name: string;
  /** deleted: platform and keys gone; deactivated: kept (inactive) because suspended tenants keep data. */
  outcome: 'deleted' | 'deactivated';
  deletedTenants: string[];
  suspendedTenants: Array<{ tenantId: number; deploymentId: string; people: number }>;
}

/** Removes the platform registered as (issuer, clientId). Throws PlatformRemovalRefused. */
export async function removePlatform(
  sequelize: Sequelize,
  props: {
    /** Issuer and client id exactly as registered. */
    issuer: string;
    clientId: string;
    /** The operator confirmed removing a platform whose deployments hold people (--yes). */
    confirmed: boolean;
    /** Called after the change so caches of the running app forget the platform and tenants. */
    forgetCaches?: () => void;
  },
): Promise<PlatformRemovalResult> {
  const platform = await findPlatform(sequelize, props.issuer, props.clientId);
  if (!platform) {
    throw new PlatformRemovalRefused(`No platform is registered with issuer ${props.issuer} and client id ${props.clientId}. List the registered ones with: npm run platform -- list`, 'not-found');
  }
  const kid = platform.kid;
  const result = await sequelize.transaction(async (transaction) => {
    // Counted inside the transaction: a launch recorded meanwhile cannot slip past the check.
    const tenants = await sequelize.query<{ id: number; deployment_id: string; people: number | string; spaces: number | string }>(
      `SELECT t.id, t.deployment_id,
              (SELECT COUNT(*) FROM people p WHERE p.tenant_id = t.id) AS people,
              (SELECT COUNT(*) FROM spaces s WHERE s.tenant_id = t.id) AS spaces
         FROM tenants t WHERE t.platform_kid = ? ORDER BY t.id`,
      { replacements: [kid], type: QueryTypes.SELECT, transaction },
    );
    const withData = tenants.filter((t) => Number(t.people) > 0 || Number(t.spaces) > 0);
    const withPeople = withData.filter((t) => Number(t.people) > 0);
    if (withPeople.length && !props.confirmed) {
      const people = withPeople.reduce((sum, t) => sum + Number(t.people), 0);
      throw new PlatformRemovalRefused(
        `Not removed: ${withPeople.length} deployment(s) of this platform hold ${people} people's CoachLoop records ` +
          `(deployment ids: ${withPeople.map((t) => t.deployment_id).join(', ')}). Removing the platform suspends them and keeps their data.`,
        'has-people',
      );
    }
    const empty = tenants.filter((t) => !withData.includes(t));
    if (empty.length) {
      await sequelize.query(`DELETE FROM tenants WHERE id IN (${empty.map(() => '?').join(', ')})`, { replacements: empty.map((t) => t.id), transaction });
    }
    if (withData.length) {
      await sequelize.query(`UPDATE tenants SET status = 'suspended', updated_at = ? WHERE id IN (${withData.map(() => '?').join(', ')})`, {
        replacements: [new Date(), ...withData.map((t) => t.id)], transaction,
      });
      await sequelize.query('UPDATE lti_platforms SET active = 0, updated_at = ? WHERE kid = ?', { replacements: [Date.now(), kid], transaction });
    } else {
      await sequelize.query('DELETE FROM lti_keys WHERE kid = ?', { replacements: [kid], transaction });
      await sequelize.query('DELETE FROM lti_platforms WHERE kid = ?', { replacements: [kid], transaction });
    }
    return {
      kid,
      name: platform.name,
      outcome: withData.length ? 'deactivated' : 'deleted',
      deletedTenants: empty.map((t) => t.deployment_id),
      suspendedTenants: withData.map((t) => ({ tenantId: Number(t.id), deploymentId: t.deployment_id, people: Number(t.people) })),
    } satisfies PlatformRemovalResult;
  });
  props.forgetCaches?.();
  return result;
}
