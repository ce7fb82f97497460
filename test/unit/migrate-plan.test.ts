import { checksumOf, lastApplied, lastBatch, migrationTimestamp, planMigrations, MigrationFile } from '../../src/migrate/plan';

const f = (name: string, body = name): MigrationFile => ({ name, file: `/m/${name}.ts`, checksum: checksumOf(body) });

describe('migration planning (pure)', () => {
  const files = [f('0001_a'), f('0002_b'), f('0003_c')];

  it('is all pending on an empty database', () => {
    const p = planMigrations(files, []);
    expect(p.pending.map((x) => x.name)).toEqual(['0001_a', '0002_b', '0003_c']);
    expect(p.problems).toEqual([]);
    expect(p.nextBatch).toBe(1);
    expect(p.lastApplied).toBeUndefined();
  });

  it('lists what is pending after what was applied', () => {
    const p = planMigrations(files, [{ name: '0001_a', batch: 1, checksum: files[0].checksum }]);
    expect(p.pending.map((x) => x.name)).toEqual(['0002_b', '0003_c']);
    expect(p.nextBatch).toBe(2);
    expect(p.lastApplied?.name).toBe('0001_a');
  });

  it('flags an edited and a deleted applied migration', () => {
    const p = planMigrations(files, [
      { name: '0001_a', batch: 1, checksum: checksumOf('something else') },
      { name: '0000_gone', batch: 1, checksum: 'x' },
    ]);
    expect(p.problems).toEqual([
      { kind: 'changed', name: '0001_a', expected: checksumOf('something else'), actual: files[0].checksum },
      { kind: 'missing', name: '0000_gone' },
    ]);
  });

  it('accepts rows without checksum (applied by plain Knex) and CRLF checkouts', () => {
    expect(planMigrations(files, [{ name: '0001_a', batch: 1, checksum: null }]).problems).toEqual([]);
    expect(checksumOf('a\r\nb\r\n')).toBe(checksumOf('a\nb\n'));
  });

  it('notices a pending migration older than the last applied one', () => {
    const p = planMigrations(files, [{ name: '0003_c', batch: 1, checksum: files[2].checksum }]);
    expect(p.outOfOrder).toEqual(['0001_a', '0002_b']);
  });

  it('rollback takes the last batch newest first; down the newest by name', () => {
    const applied = [
      { name: '0001_a', batch: 1, checksum: null },
      { name: '0002_b', batch: 2, checksum: null },
      { name: '0003_c', batch: 2, checksum: null },
    ];
    expect(lastBatch(applied).map((a) => a.name)).toEqual(['0003_c', '0002_b']);
    expect(lastApplied(applied)?.name).toBe('0003_c');
    expect(lastBatch([])).toEqual([]);
  });

  it('names new migrations by UTC timestamp', () => {
    expect(migrationTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102030405');
  });
});
