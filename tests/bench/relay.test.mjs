// SPDX-License-Identifier: GPL-2.0
// The benchmark's own instruments, checked for correctness, not speed:
// bench/run.sh --check builds the benchmark's three namespaces, sets up 4
// calls through wrtcd the way users do (WebSocket signaling, ICE, DTLS),
// and has bench_gen send 400 SRTP packets to bench_sink through it at a
// gentle rate. Everything must arrive, once and in order, every sampled
// packet must decrypt to what was sent, and the generator's, the sink's
// and wrtcd's counters must agree. Then tampered packets (none may pass)
// and a sink with a wrong key (its samples must fail). No timing
// assertion: speed is `make bench`'s business.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CALLS = 4;
const COUNT = 400;
const SAMPLE = 32; // bench_sink's default: k = 0, 32, 64, 96 of 100 per stream
const PKT = 36 + 160 + 10; // header with extension, payload, CM-80 tag

function runCheck(file) {
	return new Promise((resolve) => {
		execFile('sh', [path.join(top, 'bench/run.sh'), '--check', file],
			{ cwd: top, timeout: 120000 },
			(err, stdout, stderr) => resolve({ err, stdout, stderr }));
	});
}

test('generator -> wrtcd -> sink: nothing lost, samples decrypt, counters agree', { timeout: 150000 }, async () => {
	assert.equal(process.getuid(), 0, 'the bench check must run as root: it makes network namespaces');
	for (const p of ['build/wrtcd', 'build/bench_gen', 'build/bench_sink'])
		accessSync(path.join(top, p), constants.X_OK);
	const dir = mkdtempSync(path.join(tmpdir(), 'wrtc-bench-'));
	try {
		const file = path.join(dir, 'check.json');
		const { err, stderr } = await runCheck(file);
		assert.equal(err, null, `bench/run.sh --check failed:\n${stderr}`);
		const r = JSON.parse(readFileSync(file, 'utf8'));
		assert.equal(r.calls, CALLS);

		// What the generator sent, the sink got: each packet once, in
		// order, none from anywhere else or from another run.
		const { run } = r;
		assert.equal(run.count, COUNT);
		assert.equal(run.sent, COUNT);
		assert.equal(run.send_errors, 0);
		assert.equal(run.received, COUNT);
		assert.equal(run.lost, 0);
		assert.equal(run.lossy_streams, 0);
		assert.equal(run.dup, 0);
		assert.equal(run.reordered, 0);
		assert.equal(run.stale, 0);
		assert.equal(run.foreign, 0);
		assert.equal(run.sink_rcvbuf_drops, 0);
		assert.equal(run.relay_rcvbuf_drops, 0);
		assert.equal(run.lossless, true);
		// Per stream too: each call got exactly its share, in order.
		assert.equal(r.streams.length, CALLS);
		for (const st of r.streams)
			assert.deepEqual(st, { got: COUNT / CALLS, want: COUNT / CALLS, reordered: 0 });
		// Every sampled packet decrypted (libsrtp2, with the key the
		// sink's own DTLS handshake gave it) to what was sent.
		assert.equal(run.sample_ok, CALLS * Math.ceil(COUNT / CALLS / SAMPLE));
		assert.equal(run.sample_bad, 0);
		// Latency figures exist and are ordered (their size is not
		// asserted).
		const l = run.latency_us;
		assert.ok(l.p50 > 0 && l.p50 <= l.p99 && l.p99 <= l.max, JSON.stringify(l));
		assert.ok(run.cpu_s >= 0 && run.cpu_us_per_pkt >= 0);

		// wrtcd counted the same packets, on both legs of every call.
		const d = (k) => r.after[k] - r.before[k];
		assert.equal(r.after.calls, CALLS);
		assert.equal(d('rx_packets'), COUNT);
		assert.equal(d('tx_packets'), COUNT);
		assert.equal(d('rx_bytes'), COUNT * PKT);
		assert.equal(d('tx_bytes'), COUNT * PKT);
		for (const k of ['auth_failures', 'replay_drops', 'early_drops',
			'srtp_errors', 'unexpected_source', 'send_drops'])
			assert.equal(d(k), 0, k);

		// Tampered tags: wrtcd drops and counts them all.
		assert.equal(r.tamper.sent, 40);
		assert.equal(r.tamper.received, 0);
		assert.equal(r.tamper.lost, 40);
		assert.equal(r.final.auth_failures - r.after.auth_failures, 40);
		assert.equal(r.final.tx_packets, r.after.tx_packets);

		// A wrong key on stream 0 of the sink: its sample fails, the
		// other streams' pass; counting does not depend on keys.
		assert.equal(r.wrongKey.received, 40);
		assert.equal(r.wrongKey.sample_bad, 1);
		assert.equal(r.wrongKey.sample_ok, CALLS - 1);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
