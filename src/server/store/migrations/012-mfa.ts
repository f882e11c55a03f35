import type { Kysely } from 'kysely';

// The portal's second factor. A user's TOTP secret must be readable by the cell to check codes, so it is
// kept sealed (AES-256-GCM under a key in the data directory, never in the store); recovery codes only as
// hashes. last_step is the newest 30-second step a code was accepted for: a code is good once.
// An org's login policy: MFA required in the portal, and password logins on the API refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('user_mfa')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    // null while enrolment waits for its first code
    .addColumn('enabled_at', 'bigint')
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('mfa_recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('mfa_recovery_codes_user').on('mfa_recovery_codes').column('user_id').execute();

  await db.schema.createTable('org_login_policies')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
    .addColumn('mfa_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('api_password_refused', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
