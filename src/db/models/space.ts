/** A coaching space: an LMS course (context) where CoachLoop is placed. */
import { DataTypes, InferAttributes, InferCreationAttributes, CreationOptional, Model, Sequelize } from 'sequelize';

export class Space extends Model<InferAttributes<Space>, InferCreationAttributes<Space>> {
  declare id: CreationOptional<number>;
  declare tenantId: number;
  declare contextId: string;
  declare title: string | null;
  declare label: string | null;
  /** JSON array of LIS context type URIs. */
  declare contextTypes: string | null;
  declare nrpsUrl: string | null;
  declare agsLineitemsUrl: string | null;
  declare lastLaunchAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  /** The course's name as people know it. */
  displayTitle(): string {
    return this.title || this.label || `Course ${this.contextId}`;
  }

  /** Registers the model on a Sequelize instance. */
  static initModel(sequelize: Sequelize): void {
    Space.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        tenantId: { type: DataTypes.INTEGER, allowNull: false },
        contextId: { type: DataTypes.STRING(255), allowNull: false },
        title: { type: DataTypes.STRING(255), allowNull: true },
        label: { type: DataTypes.STRING(255), allowNull: true },
        contextTypes: { type: DataTypes.TEXT, allowNull: true },
        nrpsUrl: { type: DataTypes.STRING(1024), allowNull: true },
        agsLineitemsUrl: { type: DataTypes.STRING(1024), allowNull: true },
        lastLaunchAt: { type: DataTypes.DATE(3), allowNull: true },
        createdAt: DataTypes.DATE(3),
        updatedAt: DataTypes.DATE(3),
      },
      { sequelize, tableName: 'spaces' },
    );
  }
}
