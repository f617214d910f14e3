// SPDX-License-Identifier: GPL-2.0
// The daemon's life: many calls leave nothing behind, signals stop it
// cleanly, options are checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
	answerFor, call, Client, fdCount, freePort, getJson, joined, mediaRange,
	startDaemon, testdata, WRTCD,
} from './helpers.mjs';

const OFFER = testdata('chromium156-offer-max-bundle.sdp');

async function settle(d, want, ms = 5000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const { body } = await getJson(d, '/api/calls');
		const fds = fdCount(d.proc.pid);
		if ((body.calls.length === 0 && fds <= want) || Date.now() > deadline)
			return { calls: body.calls, fds };
		await new Promise((r) => setTimeout(r, 50));
	}
}

test('200 join/call/leave cycles leave no call and no file descriptor behind', async () => {
	const d = await startDaemon([], { ports: mediaRange(50) });
	await getJson(d, '/api/calls'); // the HTTP path once, before counting
	const before = fdCount(d.proc.pid);
	const answer = answerFor(OFFER);
	for (let i = 0; i < 200; i++) {
		const room = `cycle${i % 7}`;
		const [a, wa] = await joined(d, room, 'a');
		const [b, wb] = await joined(d, room, 'b');
		await call(a, wa.id, b, wb.id, OFFER, answer);
		if (!i) // two WebSockets and two leg sockets more than at rest
			assert.equal(fdCount(d.proc.pid), before + 4);
		switch (i % 4) {
		case 0: // hang up, then leave
			a.send({ type: 'hangup', to: wb.id });
			await b.next('hangup');
			a.send({ type: 'leave' });
			await b.next('peer-left');
			break;
		case 1: // leave with the call up
			b.send({ type: 'leave' });
			await a.next('hangup');
			break;
		case 2: // close the socket with the call up
			await a.close();
			await b.next('peer-left');
			break;
		default: // renegotiate, then both go at once
			await call(b, wb.id, a, wa.id, answer.replace(/a=setup:active/g,
				'a=setup:actpass'), OFFER.replace(/a=setup:actpass/g, 'a=setup:active'));
			break;
		}
		await Promise.all([a.close(), b.close()]);
	}
	const after = await settle(d, before);
	assert.deepEqual(after.calls, []);
	assert.ok(after.fds <= before, `fds: ${before} before, ${after.fds} after`);
	assert.match(d.log, /call C200 created/);
	const { code } = await d.stop();
	assert.equal(code, 0);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
	test(`${sig} with peers and calls up exits 0`, async () => {
		const d = await startDaemon();
		const [a, wa] = await joined(d, 'sig', 'a');
		const [b, wb] = await joined(d, 'sig', 'b');
		await call(a, wa.id, b, wb.id, OFFER, answerFor(OFFER));
		const lone = await Client.open(d);
		d.proc.kill(sig);
		const { code, signal } = await d.exited;
		assert.equal(signal, null);
		assert.equal(code, 0);
		assert.match(d.log, /shutting down/);
		assert.match(d.log, /stopped/);
		await Promise.all([a.closed, b.closed, lone.closed]);
	});
}

test('SIGTERM as soon as it listens still exits 0', async () => {
	for (let i = 0; i < 5; i++) {
		const d = await startDaemon();
		const { code, signal } = await d.stop();
		assert.equal(signal, null);
		assert.equal(code, 0);
	}
});

function run(args) {
	return spawnSync(WRTCD, args, { encoding: 'utf8', timeout: 5000 });
}

test('bad options: a clear message and exit status 2', () => {
	const cases = [
		[['--bogus'], /unknown option '--bogus'/],
		[['extra'], /unexpected argument 'extra'/],
		[['--listen'], /needs a value/],
		[['--listen', 'nohost'], /--listen: expected HOST:PORT/],
		[['--listen', '127.0.0.1:0'], /--listen/],
		[['--listen', '127.0.0.1:70000'], /--listen/],
		[['--media-ports', '5000'], /--media-ports: expected LO-HI/],
		[['--media-ports', '6000-5000'], /--media-ports/],
		[['--media-addr', 'example.org'], /--media-addr: expected an IPv4 or IPv6/],
		[['--media-addr', '0.0.0.0'], /--media-addr/],
		[['--datapath', 'fast'], /--datapath: expected auto, kernel or user/],
		[['--log-level', 'loud'], /--log-level/],
		[['--consent-timeout', '-1'], /--consent-timeout/],
		[['--srtp-profiles', 'SRTP_ROT13'], /unknown SRTP profile 'SRTP_ROT13'/],
		[['--max-calls', 'many'], /--max-calls/],
		[['--config', '/nonexistent/wrtcd.conf'], /cannot open/],
	];
	for (const [args, re] of cases) {
		const r = run(args);
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, re, args.join(' '));
	}
});

test('--help and --version', () => {
	const h = run(['--help']);
	assert.equal(h.status, 0);
	for (const opt of ['--listen', '--media-addr', '--media-ports', '--datapath',
		'--xdp-iface', '--config', '--log-level', '--consent-timeout',
		'--srtp-profiles', '--help', '--version'])
		assert.ok(h.stdout.includes(opt), opt);
	const v = run(['--version']);
	assert.equal(v.status, 0);
	assert.match(v.stdout, /^wrtcd \d+\.\d+/);
});

test('--config: keys are the long options; unknown keys are refused', async () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'wrtcd-'));
	try {
		const port = await freePort();
		const [lo, hi] = mediaRange();
		const file = path.join(dir, 'wrtcd.conf');
		writeFileSync(file, `# a comment\nlisten = 127.0.0.1:${port}\n` +
			`media-ports = ${lo}-${hi}   # trailing comment\n\nmax-room-peers = 2\n` +
			'datapath = user\nxdp-iface = eth9\nconsent-timeout = 10\n' +
			'srtp-profiles = SRTP_AES128_CM_HMAC_SHA1_80,AEAD_AES_128_GCM\n' +
			'log-level = debug\n');
		const d = await startDaemon(['--config', file], { raw: true, ports: [lo, hi] });
		d.port = port;
		d.url = `http://127.0.0.1:${port}`;
		d.wsUrl = `ws://127.0.0.1:${port}/ws`;
		assert.match(d.log, /debug:/);
		assert.match(d.log, /datapath user: the userspace relay carries all media/);
		assert.match(d.log, /--xdp-iface is ignored with --datapath user/);
		await joined(d, 'two', 'a');
		await joined(d, 'two', 'b');
		const c = await Client.open(d);
		assert.equal((await c.request({ type: 'join', room: 'two', name: 'c' }, 'error')).code, 'busy');
		assert.equal((await d.stop()).code, 0);

		// A device that does not exist is a mistake whatever the path.
		writeFileSync(file, `listen = 127.0.0.1:${port}\nxdp-iface = eth9\n`);
		let r = run(['--config', file]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /--datapath auto: --xdp-iface eth9: no such interface/);
		// Without wrtc.ko (this host cannot load it) kernel cannot start.
		if (!existsSync('/sys/module/wrtc')) {
			writeFileSync(file, `listen = 127.0.0.1:${port}\ndatapath = kernel\n`);
			r = run(['--config', file]);
			assert.equal(r.status, 1);
			assert.match(r.stderr, /--datapath kernel: wrtc\.ko is not loaded/);
		}

		writeFileSync(file, 'listen = 127.0.0.1:1\nmax-peers = 3\n');
		r = run(['--config', file]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /wrtcd\.conf:2: unknown key 'max-peers'/);
		writeFileSync(file, 'just words\n');
		assert.match(run(['--config', file]).stderr, /:1: expected 'key = value'/);
		writeFileSync(file, 'media-ports = 9-1\n');
		assert.match(run(['--config', file]).stderr, /:1: media-ports: expected LO-HI/);
	} finally {
		rmSync(dir, { recursive: true });
	}
});

test('the command line wins over the config file', async () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'wrtcd-'));
	try {
		const file = path.join(dir, 'wrtcd.conf');
		writeFileSync(file, 'listen = 127.0.0.1:1\nlog-level = error\n');
		const d = await startDaemon(['--config', file, '--log-level', 'info']);
		assert.match(d.log, /listening on http:\/\/127\.0\.0\.1:\d+/);
		assert.equal((await d.stop()).code, 0);
	} finally {
		rmSync(dir, { recursive: true });
	}
});

test('a port already in use: exit status 1 and why', async () => {
	const d = await startDaemon();
	try {
		const r = run(['--listen', `127.0.0.1:${d.port}`,
			'--media-ports', `${d.lo}-${d.hi}`]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /cannot listen on 127\.0\.0\.1 port \d+/);
	} finally {
		assert.equal((await d.stop()).code, 0);
	}
});
