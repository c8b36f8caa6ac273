/** A per-space override of the default LTI role → CoachLoop role mapping. */
import { DataTypes, InferAttributes, InferCreationAttributes, CreationOptional, Model, Sequelize } from 'sequelize';
import type { CoachRole } from '../../auth/roles';

export class RoleOverride extends Model<InferAttributes<RoleOverride>, InferCreationAttributes<RoleOverride>> {
  declare id: CreationOptional<number>;
  declare spaceId: number;
  declare ltiRole: string;
  declare coachRole: CoachRole;
  /** 0: applies to everyone with `ltiRole`; otherwise this person only (ltiRole '*'). */
  declare personId: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** Registers the model on a Sequelize instance. */
  static initModel(sequelize: Sequelize): void {
    RoleOverride.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        spaceId: { type: DataTypes.INTEGER, allowNull: false },
        ltiRole: { type: DataTypes.STRING(255), allowNull: false },
        coachRole: { type: DataTypes.STRING(16), allowNull: false },
        personId: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'role_overrides' },
    );
  }
}
