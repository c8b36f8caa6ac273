/** Registers every model and its associations on the Sequelize instance. */
import { Sequelize } from 'sequelize';
import { Tenant } from './tenant';
import { Person } from './person';
import { Space } from './space';
import { Membership } from './membership';
import { RoleOverride } from './roleOverride';

export { Tenant, Person, Space, Membership, RoleOverride };

/** Initialises all models once per Sequelize instance. */
export function initModels(sequelize: Sequelize): void {
  for (const model of [Tenant, Person, Space, Membership, RoleOverride]) model.initModel(sequelize);
  Person.belongsTo(Tenant, { foreignKey: 'tenantId' });
  Space.belongsTo(Tenant, { foreignKey: 'tenantId' });
  Membership.belongsTo(Space, { foreignKey: 'spaceId' });
  Membership.belongsTo(Person, { foreignKey: 'personId' });
  Space.hasMany(Membership, { foreignKey: 'spaceId' });
  Person.hasMany(Membership, { foreignKey: 'personId' });
  RoleOverride.belongsTo(Space, { foreignKey: 'spaceId' });
}
