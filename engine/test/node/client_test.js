// client_test.js: a node-postgres program that uses parameters,
// transactions and errors, as application code does.  Run by
// t011_node_postgres.sh against minipg; every expectation here was checked
// against PostgreSQL 15 with the same program.
//
// Usage: node client_test.js   (PGHOST, PGPORT, PGUSER, PGDATABASE set)
'use strict';
const assert = require('assert');
const { Client, Pool } = require('pg');

async function expectError(promise, code, message) {
  try {
    await promise;
  } catch (e) {
    assert.strictEqual(e.code, code, `SQLSTATE for "${message}"`);
    if (message) assert.strictEqual(e.message, message);
    return e;
  }
  throw new Error(`expected error ${code} (${message})`);
}

async function main() {
  const c = new Client();
  await c.connect();

  // Parameters, types, binary-safe text.
  let r = await c.query('select $1::int + 1 as y, $2 as s', [41, "it's"]);
  assert.deepStrictEqual(r.rows, [{ y: 42, s: "it's" }]);
  assert.strictEqual(r.fields[0].dataTypeID, 23);
  assert.strictEqual(r.fields[1].dataTypeID, 25);

  await c.query('drop table if exists node_accounts');
  await c.query(`create table node_accounts (id int primary key, owner text not null,
                 balance bigint default 0, opened date)`);
  for (let i = 1; i <= 5; i++) {
    r = await c.query('insert into node_accounts (id, owner, balance) values ($1, $2, $3) returning id, balance',
      [i, `owner${i}`, i * 100]);
    assert.strictEqual(r.rows[0].id, i);
    assert.strictEqual(r.rows[0].balance, String(i * 100)); // int8 comes back as a string
    assert.strictEqual(r.command, 'INSERT');
    assert.strictEqual(r.rowCount, 1);
  }

  // Named prepared statement reused.
  for (const id of [2, 4]) {
    r = await c.query({ name: 'get_balance', text: 'select balance from node_accounts where id = $1', values: [id] });
    assert.strictEqual(r.rows[0].balance, String(id * 100));
  }

  // A committed transaction.
  await c.query('begin');
  await c.query('update node_accounts set balance = balance - 50 where id = $1', [1]);
  await c.query('update node_accounts set balance = balance + 50 where id = $1', [2]);
  await c.query('commit');
  r = await c.query('select id, balance from node_accounts where id in (1, 2) order by id');
  assert.deepStrictEqual(r.rows.map(x => [x.id, x.balance]), [[1, '50'], [2, '250']]);

  // A rolled-back transaction leaves nothing behind.
  await c.query('begin');
  await c.query('delete from node_accounts');
  r = await c.query('select count(*) from node_accounts');
  assert.strictEqual(r.rows[0].count, '0');
  await c.query('rollback');
  r = await c.query('select count(*) as n, sum(balance) as total from node_accounts');
  assert.strictEqual(r.rows[0].n, '5');
  assert.strictEqual(r.rows[0].total, '1500');

  // Errors carry PostgreSQL's SQLSTATEs and messages; the session goes on.
  await expectError(c.query('select * from nosuch where a = $1', [1]), '42P01', 'relation "nosuch" does not exist');
  await expectError(c.query('insert into node_accounts (id, owner) values ($1, $2)', [1, 'dup']),
    '23505', 'duplicate key value violates unique constraint "node_accounts_pkey"');
  await expectError(c.query('insert into node_accounts (id) values ($1)', [9]),
    '23502', 'null value in column "owner" of relation "node_accounts" violates not-null constraint');
  await expectError(c.query('select 1/0'), '22012', 'division by zero');
  await expectError(c.query('select $1::int', ['abc']), '22P02', 'invalid input syntax for type integer: "abc"');

  // An error inside a transaction aborts it: 25P02 until ROLLBACK.
  await c.query('begin');
  await expectError(c.query('select 1/0'), '22012', 'division by zero');
  await expectError(c.query('select 1'), '25P02',
    'current transaction is aborted, commands ignored until end of transaction block');
  await c.query('rollback');
  r = await c.query('select 1 as one');
  assert.strictEqual(r.rows[0].one, 1);

  // Multiple statements in one simple query.
  r = await c.query('select 1 as a; select 2 as b');
  assert.strictEqual(r.length, 2);
  assert.strictEqual(r[1].rows[0].b, 2);

  // A pool of concurrent clients updating the same row serializes correctly.
  const pool = new Pool({ max: 4 });
  await Promise.all(Array.from({ length: 40 }, (_, i) =>
    pool.query('update node_accounts set balance = balance + 1 where id = 3')));
  r = await pool.query('select balance from node_accounts where id = 3');
  assert.strictEqual(r.rows[0].balance, '340');
  await pool.end();

  await c.query('drop table node_accounts');
  await c.end();
  console.log('node-postgres client test: all checks passed');
}

main().catch(e => { console.error(e); process.exit(1); });
