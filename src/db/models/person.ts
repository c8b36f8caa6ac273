/** A person: one identity per tenant and LMS user id (sub). */
import { DataTypes, InferAttributes, InferCreationAttributes, CreationOptional, Model, Sequelize } from 'sequelize';

export class Person extends Model<InferAttributes<Person>, InferCreationAttributes<Person>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare sub: string;
  declare name: string | null;
  declare givenName: string | null;
  declare familyName: string | null;
  declare email: string | null;
  declare lastLaunchAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** The best name to show: full name, else given + family, else a neutral label. */
  displayName(): string {
    return this.name || [this.givenName, this.familyName].filter(Boolean).join(' ') || 'Unnamed person';
  }

  /** Registers the model on a Sequelize instance. */
  static initModel(sequelize: Sequelize): void {
    Person.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        tenantId: { type: DataTypes.INTEGER, allowNull: false },
        sub: { type: DataTypes.STRING(255), allowNull: false },
        name: { type: DataTypes.STRING(255), allowNull: true },
        givenName: { type: DataTypes.STRING(255), allowNull: true },
        familyName: { type: DataTypes.STRING(255), allowNull: true },
        email: { type: DataTypes.STRING(320), allowNull: true },
        lastLaunchAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'people' },
    );
  }
}
