import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSchema } from './diff-schema';
import { PRISMA_SCHEMA_PATH } from './prisma-paths';

describe('diffSchema', () => {
  let tempDir: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'onboard-diff-'));
  });

  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('finds no drift: prisma/migrations produce exactly prisma/schema.prisma', async () => {
    const diff = await diffSchema();
    expect(diff.script, 'schema.prisma has changes no migration makes: run `npm run db:migration -- <name>`').toBe('');
    expect(diff.hasChanges).toBe(false);
  });

  it('reports drift when the schema has a model the migrations lack', async () => {
    const schemaPath = path.join(tempDir, 'schema.prisma');
    const schema = await readFile(PRISMA_SCHEMA_PATH, 'utf8');
    await writeFile(schemaPath, `${schema}\nmodel DriftProbe {\n  id String @id\n}\n`);

    const diff = await diffSchema({ schemaPath });

    expect(diff.hasChanges).toBe(true);
    expect(diff.script).toContain('CREATE TABLE "DriftProbe"');
  });
});
