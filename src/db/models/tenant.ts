/** A tenant: one platform deployment (issuer + client id + deployment id). */
import { DataTypes, InferAttributes, InferCreationAttributes, CreationOptional, Model, Sequelize } from 'sequelize';

export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: CreationOptional<number>;
  declare platformKid: string;
  declare tenantKey: string;
  declare issuer: string;
  declare clientId: string;
  declare deploymentId: string;
  declare name: CreationOptional<string>;
  declare status: CreationOptional<'active' | 'pending' | 'suspended'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** Registers the model on a Sequelize instance. */
  static initModel(sequelize: Sequelize): void {
    Tenant.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        platformKid: { type: DataTypes.STRING(64), allowNull: false },
        tenantKey: { type: DataTypes.CHAR(64), allowNull: false },
        issuer: { type: DataTypes.STRING(255), allowNull: false },
        clientId: { type: DataTypes.STRING(255), allowNull: false },
        deploymentId: { type: DataTypes.STRING(255), allowNull: false },
        name: { type: DataTypes.STRING(255), allowNull: false, defaultValue: '' },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'tenants' },
    );
  }
}
