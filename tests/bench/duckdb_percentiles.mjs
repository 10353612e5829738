// duckdb_percentiles.mjs - DuckDB's answer for the ingest benchmark: reads
// a JTL with read_csv and takes per-label percentiles, printing JSON.
//
// usage: node duckdb_percentiles.mjs FILE.jtl
//
// The timed query is the one the benchmark compares against: read_csv,
// then quantile_cont(elapsed, 0.5/0.95/0.99) grouped by label, on two
// threads (the machine's cores). quantile_disc is run afterwards, outside
// the timing, only to compare percentile definitions.
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2];
if (!path) {
  console.error('usage: node duckdb_percentiles.mjs FILE.jtl');
  process.exit(2);
}
const source = `read_csv('${path.replaceAll("'", "''")}', header = true)`;

function query(fn) {
  return `SELECT label, count(*) AS samples,
      ${fn}(elapsed, 0.5) AS p50, ${fn}(elapsed, 0.95) AS p95,
      ${fn}(elapsed, 0.99) AS p99, max(elapsed) AS max
    FROM ${source} GROUP BY label`;
}

async function run(connection, fn) {
  const reader = await connection.runAndReadAll(query(fn));
  const labels = {};
  for (const row of reader.getRowObjectsJS()) {
    labels[row.label] = {
      samples: Number(row.samples), p50_ms: Number(row.p50),
      p95_ms: Number(row.p95), p99_ms: Number(row.p99),
      max_ms: Number(row.max),
    };
  }
  return labels;
}

const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const cont = await run(connection, 'quantile_cont');
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const disc = await run(connection, 'quantile_disc');
console.log(JSON.stringify({ seconds, quantile_cont: cont,
                             quantile_disc: disc }));
