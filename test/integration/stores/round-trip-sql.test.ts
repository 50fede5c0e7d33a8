// Issue 13: edge values within the input limits go through each SQL store and come back
// identical — PGlite (embedded) and PostgreSQL under Patroni (the running engine tier): CAPSULE's
// SQL store (a JSON document + timestamptz columns), PERCEPTION's (jsonb payloads, timestamptz
// receipt times) and ODYSSEY's (timestamptz instants read back through the driver's Date).
// Every run writes into a scratch database of its own on PostgreSQL, dropped at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { PgliteClient } from '../../../src/engines/embedded/index.ts';
import { PatroniSqlClient, postgresOptionsFrom } from '../../../src/engines/postgres/index.ts';
import { migrate, type Migration, type SqlClient } from '../../../src/engines/sql/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { CAPSULE_MIGRATIONS } from '../../../src/services/capsule/migrations.ts';
import { SqlCapsuleStore } from '../../../src/services/capsule/sql-capsule-store.ts';
import { ODYSSEY_MIGRATIONS } from '../../../src/services/odyssey/migrations.ts';
import { SqlObservationStore } from '../../../src/services/odyssey/sql-observation-store.ts';
import { perceptionMigrations } from '../../../src/services/perception/migrations.ts';
import { SqlPerceptionStore } from '../../../src/services/perception/sql-perception-store.ts';
import {
  edgeObject,
  edgeText,
  edgeTimestamp,
  EDGE_OBJECT,
  MAX_MS,
  MIN_MS,
  writtenAt,
  type EdgeTimestamp,
} from '../../fuzz/edge-values.ts';

type Json = Record<string, unknown>;

const run = randomUUID().slice(0, 8);
const RUNS = Number(process.env.BUTTERFLY_ROUND_TRIPS ?? 40);
let sequence = 0;
const next = () => `${run}-${(sequence += 1)}`;

// The three services' migrations in one database: their ids are apart by a hundred each.
const MIGRATIONS: Migration[] = [CAPSULE_MIGRATIONS, perceptionMigrations, ODYSSEY_MIGRATIONS].flatMap(
  (migrations, index) =>
    migrations.map((migration) => ({ ...migration, id: (index + 1) * 100 + migration.id })),
);

/** The extremes first, then random ones. */
const EXTREMES = [
  { text: writtenAt(MIN_MS, 0), ms: MIN_MS },
  { text: writtenAt(MAX_MS, 0), ms: MAX_MS },
  { text: writtenAt(MIN_MS, 60), ms: MIN_MS },
  { text: writtenAt(MAX_MS, -90), ms: MAX_MS },
];

function roundTrips(name: string, open: () => Promise<SqlClient>, close: () => Promise<void>) {
  describe(`round trips through ${name}`, () => {
    let db: SqlClient;
    before(async () => {
      db = await open();
      await migrate(db, MIGRATIONS);
    });
    after(close);

    test('CAPSULE: a capsule with edge text, instants and objects reads back exactly, and is found by its instant', async () => {
      const store = new SqlCapsuleStore(db);
      await fc.assert(
        fc.asyncProperty(
          edgeTimestamp,
          edgeTimestamp,
          edgeText,
          edgeObject,
          async (center, created, text, object) => {
            const capsuleId = randomUUID();
            const scopeId = `rim:roundtrip:${next()}`;
            const capsule = {
              capsuleId,
              header: {
                scope: { scopeId, description: text },
                time: { centerTsUtc: center.text, deltaTSeconds: Number.MAX_VALUE, horizonSeconds: 0 },
                vantage: { mode: text, observerId: text },
              },
              configuration: object,
              dynamics: EDGE_OBJECT,
              createdAt: created.text,
            };
            await store.save(`rt-${run}`, capsule);
            assert.deepEqual((await store.find(`rt-${run}`, capsuleId)).capsule, capsule);
            const found = await store.listScope(`rt-${run}`, {
              scopeId,
              fromMs: center.ms,
              toMs: center.ms,
              offset: 0,
              limit: 5,
            });
            assert.deepEqual(
              found.capsules.map((one) => one.capsuleId),
              [capsuleId],
              `found at ${center.text}`,
            );
          },
        ),
        {
          numRuns: RUNS,
          examples: EXTREMES.map((at): [EdgeTimestamp, EdgeTimestamp, string, Json] => [
            at,
            at,
            'x',
            EDGE_OBJECT,
          ]),
        },
      );
    });

    test('PERCEPTION: a signal’s text, jsonb payload and metadata, and receipt instant read back exactly', async () => {
      const store = new SqlPerceptionStore(db);
      await fc.assert(
        fc.asyncProperty(
          edgeTimestamp,
          edgeText,
          edgeObject,
          edgeObject,
          async (received, text, payload, metadata) => {
            const signal = {
              tenant: `rt-${run}`,
              signalId: next(),
              rimNodeId: `rim:roundtrip:${next()}`,
              signalType: text,
              source: text,
              payload,
              metadata,
              receivedAt: received.ms,
              capsuleId: null,
              capsuleStatus: 'PENDING' as const,
              capsuleError: null,
            };
            await store.recordSignal(signal);
            assert.deepEqual(await store.findSignal(signal.tenant, signal.signalId), signal);
          },
        ),
        {
          numRuns: RUNS,
          examples: EXTREMES.map((at): [EdgeTimestamp, string, Json, Json] => [at, 'x', EDGE_OBJECT, {}]),
        },
      );
    });

    test('ODYSSEY: observed instants come back as the same instants, in UTC', async () => {
      const store = new SqlObservationStore(db);
      await fc.assert(
        fc.asyncProperty(edgeTimestamp, edgeTimestamp, edgeText, async (center, observed, text) => {
          const entityId = `rim:roundtrip:${next()}`;
          const observation = {
            observationId: randomUUID(),
            entityId,
            capsuleId: randomUUID(),
            centerTsUtc: center.text,
            observedAt: observed.text,
            vantageMode: text,
            observerId: text,
          };
          await store.record(`rt-${run}`, { ...observation, capsuleCreatedAt: observed.text });
          const { observations } = await store.list(`rt-${run}`, entityId, 0, 5);
          assert.deepEqual(observations, [
            {
              ...observation,
              centerTsUtc: new Date(center.ms).toISOString(),
              observedAt: new Date(observed.ms).toISOString(),
            },
          ]);
          const state = await store.state(`rt-${run}`, entityId);
          assert.equal(state?.firstObservedAt, new Date(observed.ms).toISOString());
        }),
        {
          numRuns: RUNS,
          examples: EXTREMES.map((at): [EdgeTimestamp, EdgeTimestamp, string] => [at, at, 'x']),
        },
      );
    });
  });
}

test('why the range starts at 0100: below it PGlite reads a stored instant back a century or two off', async () => {
  const db = await PgliteClient.open('memory://');
  try {
    const { rows } = await db.query<{ early: Date; late: Date; first: Date }>(
      "SELECT '0050-06-01T00:00:00Z'::timestamptz AS early, '0099-02-20T00:00:00Z'::timestamptz AS late, $1::timestamptz AS first",
      [writtenAt(MIN_MS, 0)],
    );
    assert.equal(rows[0]!.early.toISOString(), '1950-06-01T00:00:00.000Z');
    assert.equal(rows[0]!.late.toISOString(), '1999-02-20T00:00:00.000Z');
    assert.equal(rows[0]!.first.toISOString(), '0100-01-01T00:00:00.000Z');
  } finally {
    await db.close();
  }
});

let pglite: PgliteClient | undefined;
roundTrips(
  'PGlite (embedded)',
  async () => (pglite = await PgliteClient.open('memory://')),
  async () => pglite?.close(),
);

const localConfig = loadServiceConfig('perception', {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_LOG_LEVEL: 'silent',
});
const scratch = `bfy_roundtrip_${run}`;
let admin: PatroniSqlClient | undefined;
let postgres: PatroniSqlClient | undefined;
roundTrips(
  'PostgreSQL under Patroni',
  async () => {
    // No skip when the tier is down: opening fails and so does every test here.
    admin = await PatroniSqlClient.open(postgresOptionsFrom(localConfig), { clock: systemClock });
    await admin.query(`CREATE DATABASE ${scratch}`);
    postgres = await PatroniSqlClient.open(postgresOptionsFrom(localConfig, { database: scratch }), {
      clock: systemClock,
    });
    return postgres;
  },
  async () => {
    await postgres?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin?.close();
  },
);
