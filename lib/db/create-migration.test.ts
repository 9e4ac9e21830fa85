import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigration } from './create-migration';

const NOW = new Date('2024-01-02T03:04:05.678Z');
const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Note {
  id   String @id
  body String
}
`;

describe('createMigration', () => {
  let tempDir: string;
  let schemaPath: string;
  let migrationsDir: string;

  beforeEach(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-create-migration-'));
    schemaPath = path.join(tempDir, 'schema.prisma');
    migrationsDir = path.join(tempDir, 'migrations');
    await writeFile(schemaPath, SCHEMA);
  });

  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('writes the first migration and the lockfile in Prisma format, then finds no changes', async () => {
    const created = await createMigration('Add notes', { schemaPath, migrationsDir, now: NOW });

    expect(created).toEqual({
      name: '20240102030405_add_notes',
      path: path.join(migrationsDir, '20240102030405_add_notes'),
    });
    expect(await readdir(migrationsDir)).toEqual(['20240102030405_add_notes', 'migration_lock.toml']);
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    const sql = await readFile(path.join(migrationsDir, '20240102030405_add_notes', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Note"');
    // Diffed from the migrated database, not from nothing: no CREATE SCHEMA "public".
    expect(sql).not.toContain('CREATE SCHEMA');

    expect(await createMigration('again', { schemaPath, migrationsDir, now: NOW })).toBeNull();
  });

  it('writes only the difference from the existing migrations', async () => {
    await createMigration('init', { schemaPath, migrationsDir, now: NOW });
    await writeFile(schemaPath, SCHEMA.replace('body String', 'body String\n  tag  String?'));

    const created = await createMigration('add-tag', { schemaPath, migrationsDir, now: new Date('2024-02-01T00:00:00Z') });

    expect(created?.name).toBe('20240201000000_add_tag');
    const sql = await readFile(path.join(migrationsDir, '20240201000000_add_tag', 'migration.sql'), 'utf8');
    expect(sql).toMatch(/ALTER TABLE "Note" ADD COLUMN\s+"tag" TEXT/);
    expect(sql).not.toContain('CREATE TABLE');
  });

  it('refuses a name with no letters or digits', async () => {
    await expect(createMigration('--', { schemaPath, migrationsDir })).rejects.toThrow(
      'migration name must contain letters or digits',
    );
  });
});
