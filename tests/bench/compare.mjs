// compare.mjs - the largest relative percentile difference between
// headroom ingest --json and DuckDB's quantile_cont and quantile_disc.
//
// usage: node compare.mjs HEADROOM.json DUCKDB.json
//
// Prints one line per estimator: the largest |headroom - duckdb| / duckdb
// over p50, p95 and p99 of every label, and where it was found.
import { readFileSync } from 'node:fs';

const headroom = JSON.parse(readFileSync(process.argv[2], 'utf8')).labels;
const duckdb = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let failed = false;

for (const estimator of ['quantile_cont', 'quantile_disc']) {
  let worst = { diff: 0, where: 'none' };
  for (const [label, theirs] of Object.entries(duckdb[estimator])) {
    const ours = headroom[label];
    if (!ours || ours.samples !== theirs.samples) {
      console.log(`label ${label}: samples differ`);
      failed = true;
      continue;
    }
    for (const key of ['p50_ms', 'p95_ms', 'p99_ms']) {
      const diff = Math.abs(ours[key] - theirs[key]) / theirs[key];
      if (diff > worst.diff) {
        worst = { diff, where: `${label} ${key}: headroom ${ours[key]}, ` +
                               `duckdb ${theirs[key]}` };
      }
    }
  }
  console.log(`${estimator}: largest difference ` +
              `${(100 * worst.diff).toFixed(4)} % (${worst.where})`);
}
process.exit(failed ? 1 : 0);
