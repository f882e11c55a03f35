import type { Kysely } from 'kysely';

// Wrong second-factor codes (TOTP or recovery) count toward the same lockout as wrong passwords, in a count
// of their own: a right password starts the password count afresh, but only a right code starts this one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('failed_codes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
