// Prints the SQL TypeORM would run to bring the database to the entities: used to draft a migration.
import 'reflect-metadata';
import { createDataSource } from '#libs/database';
import { allEntities } from '#libs/entities';

const url = process.env.MIGRATION_DATABASE_URL;
if (!url) throw new Error('MIGRATION_DATABASE_URL is required');
const ds = createDataSource({ url, entities: allEntities, applicationName: 'schema-sql' });
await ds.initialize();
const sql = await ds.driver.createSchemaBuilder().log();
for (const q of sql.upQueries) console.log(q.query + ';');
await ds.destroy();
