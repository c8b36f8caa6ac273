/** The part of ltijs-sequelize 2.4 (no types of its own) the bare ltijs tool uses. */
declare module 'ltijs-sequelize' {
  import type { Options, Sequelize } from 'sequelize';
  import type { LtijsDatabasePlugin } from 'ltijs';

  /** ltijs's storage plugin on a Sequelize instance built from the constructor's arguments. */
  class Database implements LtijsDatabasePlugin {
    constructor(database: string, user: string, pass: string, options: Options);
    /** The plugin's own Sequelize instance. */
    db: Sequelize;
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(key: string | false, collection: string, query?: Record<string, unknown>): Promise<Array<Record<string, unknown>> | false>;
    Insert(key: string | false, collection: string, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
    Replace(key: string | false, collection: string, query: Record<string, unknown>, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
    Modify(key: string | false, collection: string, query: Record<string, unknown>, modification: Record<string, unknown>): Promise<boolean>;
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  }
  export = Database;
}
