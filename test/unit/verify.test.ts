import {
  diffSnapshots,
  Difference,
  serializeSnapshot,
  canonicalSnapshot,
  SchemaSnapshot,
  TableSnapshot,
  assessDatabase,
  compareSnapshot,
  normalizeNames,
  detachedPartitionTables,
} from '../../src/verify';
import { planMigrations } from '../../src/migrate/plan';
import { verifyJunit, lintJunit } from '../../src/verify/report';

const table = (over: Partial<TableSnapshot> = {}): TableSnapshot => ({
  kind: 'table',
  columns: {
    id: { type: 'integer', nullable: false, default: "nextval('metrics_id_seq'::regclass)" },
    value: { type: 'numeric(20,4)', nullable: false, default: null },
    status: { type: 'character varying(20)', nullable: true, default: "'pending'::character varying" },
    owner_id: { type: 'character varying(255)', nullable: true, default: null, comment: 'logical reference to auth_db.users.user_id' },
  },
  constraints: {
    metrics_pkey: { type: 'primary', definition: 'PRIMARY KEY (id)' },
    metrics_value_check: { type: 'check', definition: 'CHECK (value >= 0::numeric)' },
  },
  indexes: {
    metrics_pkey: { definition: 'CREATE UNIQUE INDEX metrics_pkey ON public.metrics USING btree (id)', unique: true, partial: false, method: 'btree' },
    idx_metrics_status: {
      definition: 'CREATE INDEX idx_metrics_status ON public.metrics USING btree (status)',
      unique: false,
      partial: false,
      method: 'btree',
    },
  },
  ...over,
});

const snap = (tables: Record<string, TableSnapshot>, migrations = ['20260101000100_core']): SchemaSnapshot => ({
  format: 1,
  database: 'analytics_db',
  migrations,
  tables,
});
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const messages = (d: Difference[]) => d.map((x) => x.message);

describe('diffSnapshots (pure, plain objects)', () => {
  const expected = snap({ metrics: table() });

  test('identical snapshots: no difference', () => {
    expect(diffSnapshots(expected, clone(expected))).toEqual([]);
  });

  test('a missing and an extra table', () => {
    const actual = snap({ foo: table() });
    expect(messages(diffSnapshots(expected, actual))).toEqual(['an extra table foo', 'table metrics missing']);
    expect(diffSnapshots(expected, actual).map((d) => d.kind)).toEqual(['table-extra', 'table-missing']);
  });

  test('a changed type names both types', () => {
    const actual = clone(expected);
    actual.tables.metrics.columns.value.type = 'numeric(18,4)';
    expect(diffSnapshots(expected, actual)).toEqual([
      {
        kind: 'column-type',
        table: 'metrics',
        object: 'metrics.value',
        message: 'metrics.value is numeric(18,4), expected numeric(20,4)',
        expected: 'numeric(20,4)',
        actual: 'numeric(18,4)',
      },
    ]);
  });

  test('nullability, default and comment', () => {
    const actual = clone(expected);
    actual.tables.metrics.columns.value.nullable = true;
    actual.tables.metrics.columns.status.default = "'new'::character varying";
    delete actual.tables.metrics.columns.owner_id.comment;
    expect(messages(diffSnapshots(expected, actual))).toEqual([
      'metrics.value is NULL, expected NOT NULL',
      "metrics.status default is 'new'::character varying, expected 'pending'::character varying",
      'metrics.owner_id comment is null, expected "logical reference to auth_db.users.user_id"',
    ]);
  });

  test('a dropped default reads "none"', () => {
    const actual = clone(expected);
    actual.tables.metrics.columns.status.default = null;
    expect(messages(diffSnapshots(expected, actual))).toEqual(["metrics.status default is none, expected 'pending'::character varying"]);
  });

  test('missing and extra columns', () => {
    const actual = clone(expected);
    delete actual.tables.metrics.columns.status;
    actual.tables.metrics.columns.note = { type: 'text', nullable: true, default: null };
    expect(diffSnapshots(expected, actual).map((d) => [d.kind, d.message])).toEqual([
      ['column-missing', 'column metrics.status missing (expected character varying(20))'],
      ['column-extra', 'an extra column metrics.note (text)'],
    ]);
  });

  test('constraints: missing, extra, changed', () => {
    const actual = clone(expected);
    delete actual.tables.metrics.constraints.metrics_value_check;
    actual.tables.metrics.constraints.metrics_pkey.definition = 'PRIMARY KEY (id, value)';
    actual.tables.metrics.constraints.metrics_status_key = { type: 'unique', definition: 'UNIQUE (status)' };
    expect(diffSnapshots(expected, actual).map((d) => [d.kind, d.message])).toEqual([
      ['constraint-changed', 'constraint metrics_pkey on metrics is PRIMARY KEY (id, value), expected PRIMARY KEY (id)'],
      ['constraint-missing', 'constraint metrics_value_check on metrics missing (CHECK (value >= 0::numeric))'],
      ['constraint-extra', 'an extra constraint metrics_status_key on metrics (UNIQUE (status))'],
    ]);
  });

  test('indexes: missing, extra, changed, invalid', () => {
    const actual = clone(expected);
    delete actual.tables.metrics.indexes.idx_metrics_status;
    actual.tables.metrics.indexes.metrics_pkey.valid = false;
    actual.tables.metrics.indexes.idx_metrics_value = {
      definition: 'CREATE INDEX idx_metrics_value ON public.metrics USING btree (value) WHERE (value > 0)',
      unique: false,
      partial: true,
      method: 'btree',
    };
    const d = diffSnapshots(expected, actual);
    expect(d.map((x) => x.kind)).toEqual(['index-missing', 'index-invalid', 'index-extra']); // by name: idx_metrics_status, metrics_pkey
    expect(d[0].message).toBe('index idx_metrics_status missing (CREATE INDEX idx_metrics_status ON public.metrics USING btree (status))');
    const changed = clone(expected);
    changed.tables.metrics.indexes.idx_metrics_status.definition = 'CREATE INDEX idx_metrics_status ON public.metrics USING hash (status)';
    expect(diffSnapshots(expected, changed).map((x) => x.kind)).toEqual(['index-changed']);
  });

  test("a change on a partitioned table is said once, not again for its partition; the partition's own changes are", () => {
    const parentIx = (name: string, t: string, only: boolean) => ({
      definition: `CREATE INDEX ${name} ON ${only ? 'ONLY ' : ''}public.${t} USING btree (status)`,
      unique: false,
      partial: false,
      method: 'btree',
    });
    const base = () => ({
      metrics: table({
        kind: 'partitioned',
        partitionKey: 'RANGE (created_at)',
        indexes: { idx_metrics_status: parentIx('idx_metrics_status', 'metrics', true) },
      }),
      metrics_default: table({
        kind: 'partition',
        partitionOf: 'metrics',
        partitionBound: 'DEFAULT',
        indexes: { metrics_default_status_idx: parentIx('metrics_default_status_idx', 'metrics_default', false) },
      }),
    });
    const e = snap(base());
    const a = snap(base());
    for (const t of ['metrics', 'metrics_default']) a.tables[t].columns.value.type = 'numeric(18,4)';
    a.tables.metrics.indexes = {};
    a.tables.metrics_default.indexes = {};
    a.tables.metrics_default.columns.status.nullable = false; // the partition's own
    expect(messages(diffSnapshots(e, a))).toEqual([
      'metrics.value is numeric(18,4), expected numeric(20,4)',
      'index idx_metrics_status missing (CREATE INDEX idx_metrics_status ON ONLY public.metrics USING btree (status))',
      'metrics_default.status is NOT NULL, expected NULL',
    ]);
  });

  test('partitioning: kind, key, bound of the DEFAULT partition', () => {
    const e = snap({
      metrics: table({ kind: 'partitioned', partitionKey: 'RANGE (created_at)' }),
      metrics_default: table({ kind: 'partition', partitionOf: 'metrics', partitionBound: 'DEFAULT' }),
    });
    const a = clone(e);
    a.tables.metrics.partitionKey = 'RANGE (id)';
    a.tables.metrics_default = table();
    expect(messages(diffSnapshots(e, a))).toEqual([
      'metrics is partitioned by RANGE (id), expected RANGE (created_at)',
      'metrics_default is a table, expected a partition',
      'metrics_default is not a partition, expected partition of metrics DEFAULT',
    ]);
  });
});

describe('snapshot files', () => {
  test('stable text whatever the key order of the input; columns keep table order', () => {
    const a = snap({ b: table(), a: table() });
    const reordered = clone(a);
    reordered.tables = { a: a.tables.a, b: a.tables.b };
    reordered.tables.a.indexes = Object.fromEntries(Object.entries(a.tables.a.indexes).reverse());
    expect(serializeSnapshot(a)).toBe(serializeSnapshot(reordered));
    const c = canonicalSnapshot(a);
    expect(Object.keys(c.tables)).toEqual(['a', 'b']);
    expect(Object.keys(c.tables.a.columns)).toEqual(['id', 'value', 'status', 'owner_id']);
    expect(Object.keys(c.tables.a.indexes)).toEqual(['idx_metrics_status', 'metrics_pkey']);
  });

  test('the server name of a prefixed copy is written as the registry name', () => {
    const s = snap({ t: table({ comment: 'copy of t_x_analytics_db for tests' }) });
    expect(normalizeNames(s, 't_x_analytics_db', 'analytics_db').tables.t.comment).toBe('copy of analytics_db for tests');
    expect(normalizeNames(s, 'analytics_db', 'analytics_db')).toBe(s);
  });
});

describe('assessDatabase (pure)', () => {
  const files = [
    { name: '20260101000100_core', file: 'a', checksum: 'aaa' },
    { name: '20260101000200_more', file: 'b', checksum: 'bbb' },
  ];
  const base = {
    database: 'analytics_db',
    expected: snap(
      { metrics: table() },
      files.map((f) => f.name),
    ),
    migrationNames: files.map((f) => f.name),
    partitioned: [] as never[],
    checkPartitions: true,
    now: new Date(Date.UTC(2026, 10, 15)),
  };
  const actual = { snapshot: snap({ metrics: table() }), partitionBounds: {} };

  test('clean', () => {
    expect(
      assessDatabase({
        ...base,
        actual,
        plan: planMigrations(files, [
          { name: files[0].name, batch: 1, checksum: 'aaa' },
          { name: files[1].name, batch: 1, checksum: 'bbb' },
        ]),
      }),
    ).toEqual([]);
  });

  test('pending, changed and missing applied migrations', () => {
    const plan = planMigrations(
      files.slice(0, 1).map((f) => ({ ...f, checksum: 'zzz' })),
      [
        { name: files[0].name, batch: 1, checksum: 'aaa' },
        { name: '20250101000000_gone', batch: 1, checksum: 'ccc' },
      ],
    );
    const f = assessDatabase({ ...base, actual, plan });
    expect(f.map((x) => x.kind)).toEqual(['checksum-changed', 'checksum-missing']);
    const p = assessDatabase({ ...base, actual, plan: planMigrations(files, []) });
    expect(p.map((x) => x.message)).toEqual(['migration 20260101000100_core is pending', 'migration 20260101000200_more is pending']);
  });

  test('months ahead without a partition', () => {
    const part = {
      snapshot: snap({ metrics: table({ kind: 'partitioned', partitionKey: 'RANGE (created_at)' }) }),
      partitionBounds: {
        metrics: [
          { name: 'metrics_default', bound: 'DEFAULT' },
          { name: 'metrics_2026_11', bound: "FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')" },
          { name: 'metrics_2027_01', bound: "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00')" },
        ],
      },
    };
    const plan = planMigrations(
      files,
      files.map((x) => ({ name: x.name, batch: 1, checksum: x.checksum })),
    );
    const f = assessDatabase({
      ...base,
      expected: snap(part.snapshot.tables, base.migrationNames),
      actual: part,
      plan,
      partitioned: [{ table: 'metrics', column: 'created_at', columnType: 'timestamptz', interval: 'month', monthsAhead: 2, retentionMonths: 24 }],
    });
    expect(f.map((x) => x.message)).toEqual(['metrics has no partition for 2026-12 (policy: 2 months ahead; `quenty-db partitions ensure`)']);
    expect(
      assessDatabase({
        ...base,
        expected: snap(part.snapshot.tables, base.migrationNames),
        actual: part,
        plan,
        checkPartitions: false,
        partitioned: [{ table: 'metrics', column: 'created_at', columnType: 'timestamptz', interval: 'month', monthsAhead: 2, retentionMonths: 24 }],
      }),
    ).toEqual([]);
  });

  test('monthly partitions detached by retention (plain tables <table>_YYYY_MM) are not drift; other extra tables are', () => {
    const policy = { table: 'metrics', column: 'created_at', columnType: 'timestamptz', interval: 'month', monthsAhead: 0, retentionMonths: 24 } as const;
    const tables = {
      metrics: table({ kind: 'partitioned', partitionKey: 'RANGE (created_at)' }),
      metrics_2023_01: table(),
      metrics_2023_13: table(),
      metrics_backup: table(),
      orders_2023_01: table(),
    };
    const plan = planMigrations(
      files,
      files.map((x) => ({ name: x.name, batch: 1, checksum: x.checksum })),
    );
    const f = assessDatabase({
      ...base,
      expected: snap({ metrics: tables.metrics }, base.migrationNames),
      actual: { snapshot: snap(tables), partitionBounds: {} },
      plan,
      partitioned: [policy],
      checkPartitions: false,
    });
    expect(f.map((x) => x.message)).toEqual(['an extra table metrics_2023_13', 'an extra table metrics_backup', 'an extra table orders_2023_01']);
    expect(detachedPartitionTables(tables, [policy])).toEqual(['metrics_2023_01']);
    // A table of that name the snapshot expects is compared as usual.
    expect(detachedPartitionTables(tables, [policy], snap({ metrics_2023_01: table() }))).toEqual([]);
  });

  test('no snapshot, or a snapshot older than the migrations', () => {
    const plan = planMigrations(
      files,
      files.map((x) => ({ name: x.name, batch: 1, checksum: x.checksum })),
    );
    expect(assessDatabase({ ...base, expected: undefined, actual, plan }).map((x) => x.kind)).toEqual(['snapshot-missing']);
    const old = assessDatabase({ ...base, expected: snap({ metrics: table() }, [files[0].name]), actual, plan });
    expect(old.map((x) => x.message)).toEqual([
      'snapshot schema/analytics_db.json does not include migration 20260101000200_more: run `quenty-db verify snapshot`',
    ]);
  });
});

describe('compareSnapshot (--check-snapshot, pure)', () => {
  test('a migration without its snapshot', () => {
    const committed = snap({ metrics: table() }, ['20260101000100_core']);
    const fresh = clone(committed);
    fresh.migrations.push('20270101000000_add_note');
    fresh.tables.metrics.columns.note = { type: 'text', nullable: true, default: null };
    const f = compareSnapshot('analytics_db', committed, fresh);
    expect(f.map((x) => x.message)).toEqual([
      'migration 20270101000000_add_note has no snapshot: run `quenty-db verify snapshot` and commit schema/analytics_db.json',
      'the migrations produce a different schema than schema/analytics_db.json: an extra column metrics.note (text)',
    ]);
    expect(compareSnapshot('analytics_db', committed, clone(committed))).toEqual([]);
    expect(compareSnapshot('analytics_db', undefined, committed).map((x) => x.kind)).toEqual(['snapshot-missing']);
  });
});

describe('junit', () => {
  test('one suite per database, failures carry the messages, XML escaped', () => {
    const xml = verifyJunit({
      ok: false,
      databases: [
        {
          database: 'order_db',
          ok: false,
          tables: 1,
          findings: [{ database: 'order_db', category: 'schema', kind: 'index-missing', message: 'index idx_a missing (x < 1 & "y")' }],
        },
        { database: 'auth_db', ok: true, tables: 1, findings: [] },
      ],
    });
    expect(xml).toContain('<testsuite name="order_db" tests="6" failures="1">');
    expect(xml).toContain('message="order_db: index idx_a missing (x &lt; 1 &amp; &quot;y&quot;)"');
    expect(xml).toContain('<testsuite name="auth_db" tests="6" failures="0">');
    const lint = lintJunit({
      ok: false,
      linted: [{ database: 'order_db', migrations: ['m1', 'm2'] }],
      findings: [{ code: 'Q001', severity: 'error', database: 'order_db', migration: 'm1', file: 'f', message: 'drops table t', statement: 'DROP TABLE t' }],
    });
    expect(lint).toContain('<testcase classname="lint.order_db" name="m1">');
    expect(lint).toContain('<testcase classname="lint.order_db" name="m2"/>');
    // Characters XML forbids (e.g. a control character in a default read from the database) are dropped.
    const ctl = verifyJunit({
      ok: false,
      databases: [
        {
          database: 'order_db',
          ok: false,
          tables: 1,
          findings: [{ database: 'order_db', category: 'schema', kind: 'column-default', message: "t.c default is 'a\u0001b'" }],
        },
      ],
    });
    expect(ctl).toContain('t.c default is &apos;ab&apos;');
    expect(ctl).not.toMatch(/[\u0000-\u0008]/);
  });
});

describe('verifyDatabases', () => {
  test('checks at most QUENTY_CONCURRENCY databases at once', async () => {
    const { loadRegistry } = await import('../../src/registry');
    const { parseConfig } = await import('../../src/config');
    const targets = await import('../../src/db/targets');
    const { verifyDatabases } = await import('../../src/verify');
    const registry = loadRegistry();
    const ctx = await targets.openContext({
      registry,
      config: parseConfig({ QUENTY_DATABASE_URL: 'postgres://u:p@127.0.0.1:1/postgres', QUENTY_CONCURRENCY: '2' }, registry),
    });
    let running = 0;
    let peak = 0;
    const spy = jest.spyOn(targets, 'withClient').mockImplementation(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      throw new Error('no server here');
    });
    try {
      const report = await verifyDatabases(ctx);
      expect(report.databases).toHaveLength(registry.databases.length);
      expect(spy).toHaveBeenCalledTimes(registry.databases.length);
      expect(peak).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('--format / --out (verify and migrate lint)', () => {
  test('the format: --json, --format, else the extension of --out; --out that would get nothing is a usage error', async () => {
    const { REPORT_OUTPUTS } = await import('../../src/cli/commands/verify');
    const { chooseOutputs } = await import('../../src/cli/options');
    // The one format of these commands: the --out file's, else stdout's.
    const chooseFormat = (o: { json?: boolean; format?: string; out?: string }) => {
      const choice = chooseOutputs(o, REPORT_OUTPUTS);
      return choice.files[0]?.format ?? choice.stdout;
    };
    expect(chooseFormat({})).toBe('terminal');
    expect(chooseFormat({ json: true })).toBe('json');
    expect(chooseFormat({ format: 'junit', out: 'r.json' })).toBe('junit');
    expect(chooseFormat({ out: 'reports/verify.XML' })).toBe('junit');
    expect(chooseFormat({ out: 'verify.json' })).toBe('json');
    expect(() => chooseFormat({ out: 'verify.txt' })).toThrow(/cannot tell the format of --out verify.txt/);
    expect(() => chooseFormat({ out: 'verify.json', format: 'terminal' })).toThrow(/not the terminal format/);
    expect(() => chooseFormat({ json: true, format: 'junit' })).toThrow(/disagree/);
  });
});

describe('scratch copies of verify snapshot', () => {
  test('the prefix is a valid QUENTY_DB_PREFIX, and differs between runs with the same pid', async () => {
    const { defaultScratchPrefix } = await import('../../src/verify');
    for (const pid of [1, 4242, 4194304, process.pid]) {
      const a = defaultScratchPrefix(pid);
      expect(a).toMatch(/^zz_snap_[a-z0-9]+_[0-9a-f]+_$/);
      expect(a).toMatch(/^[a-z][a-z0-9_]{0,19}$/);
      expect(defaultScratchPrefix(pid)).not.toBe(a);
    }
  });
});
