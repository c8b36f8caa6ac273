/** A person's membership in a space: raw LTI roles and the mapped CoachLoop role. */
import { DataTypes, InferAttributes, InferCreationAttributes, CreationOptional, Model, Sequelize } from 'sequelize';
import type { CoachRole } from '../../auth/roles';

export class Membership extends Model<InferAttributes<Membership>, InferCreationAttributes<Membership>> {
  declare id: CreationOptional<number>;
  declare spaceId: number;
  declare personId: number;
  /** JSON array of normalised LTI role URIs, as the platform sent them. */
  declare ltiRoles: string;
  declare role: CoachRole;
  declare status: CreationOptional<'active' | 'inactive'>;
  declare lastLaunchAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** The raw roles as an array. */
  ltiRoleList(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.ltiRoles);
      return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Registers the model on a Sequelize instance. */
  static initModel(sequelize: Sequelize): void {
    Membership.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        spaceId: { type: DataTypes.INTEGER, allowNull: false },
        personId: { type: DataTypes.INTEGER, allowNull: false },
        ltiRoles: { type: DataTypes.TEXT, allowNull: false },
        role: { type: DataTypes.STRING(16), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        lastLaunchAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'memberships' },
    );
  }
}
