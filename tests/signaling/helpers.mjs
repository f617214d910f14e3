// SPDX-License-Identifier: GPL-2.0
// Shared by the signaling tests: start a wrtcd of our own on a free port
// with a media port range of its own, talk to it over WebSocket, stop it.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WRTCD = process.env.WRTCD || path.join(top, 'build/wrtcd');
export const TESTDATA = process.env.WRTC_TESTDATA || path.join(top, 'tests/data');
const TIMEOUT = 5000;

export function testdata(name) {
	return readFileSync(path.join(TESTDATA, name), 'utf8');
}

// A TCP port nobody listens on right now.
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

// A UDP port range of its own for each daemon, so tests running in
// parallel do not take each other's ports (wrtcd skips taken ones anyway).
let rangeSeq = 0;
// 20000-29999: clear of wrtcd's default 40000-40999 (a `make run` may be
// up) and below Linux's ephemeral ports.
export function mediaRange(size = 100) {
	const slots = Math.floor(10000 / size);
	const slot = (process.pid * 7 + rangeSeq++ * 13) % slots;
	const lo = 20000 + slot * size;
	return [lo, lo + size - 1];
}

// Daemons still running when the test process exits (a failed test that
// never reached its stop()) are killed, not left behind.
const running = new Set();
process.on('exit', () => {
	for (const p of running)
		p.kill('SIGKILL');
});

// Run wrtcd with @args (never --listen or --media-ports: those are ours
// unless @opts.raw). @opts.prefix is a command that runs it, e.g.
// ['ip', 'netns', 'exec', NS] (one that execs it, keeping the pid).
// Resolves once it listens.
export async function startDaemon(args = [], opts = {}) {
	const port = await freePort();
	const [lo, hi] = opts.ports || mediaRange();
	const all = opts.raw ? args : ['--listen', `127.0.0.1:${port}`,
		'--media-ports', `${lo}-${hi}`, ...args];
	const cmd = [...(opts.prefix || []), WRTCD, ...all];
	const proc = spawn(cmd[0], cmd.slice(1),
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(proc);
	proc.on('exit', () => running.delete(proc));
	const d = {
		proc, port, lo, hi, log: '', stdout: '',
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/ws`,
		exited: new Promise((resolve) => proc.on('exit',
			(code, signal) => resolve({ code, signal }))),
	};
	proc.stderr.on('data', (b) => { d.log += b; });
	proc.stdout.on('data', (b) => { d.stdout += b; });
	d.stop = async () => {
		if (proc.exitCode === null && proc.signalCode === null)
			proc.kill('SIGTERM');
		return d.exited;
	};
	if (opts.noWait)
		return d;
	const deadline = Date.now() + TIMEOUT;
	while (!d.log.includes('listening on')) {
		if (proc.exitCode !== null || Date.now() > deadline) {
			await d.stop();
			throw new Error(`wrtcd did not start:\n${d.log}`);
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	return d;
}

export function fdCount(pid) {
	return readdirSync(`/proc/${pid}/fd`).length;
}

export async function getJson(d, p) {
	const res = await fetch(d.url + p);
	return { status: res.status, body: await res.json() };
}

// A signaling client that queues what it receives.
export class Client {
	constructor(ws) {
		this.ws = ws;
		this.queue = [];
		this.waiters = [];
		this.closed = new Promise((resolve) => ws.on('close',
			(code) => resolve(code)));
		ws.on('message', (data, isBinary) => {
			const msg = JSON.parse(data.toString());
			const i = this.waiters.findIndex((w) => w.match(msg));
			if (i >= 0) {
				const w = this.waiters.splice(i, 1)[0];
				clearTimeout(w.timer);
				w.resolve(msg);
			} else
				this.queue.push(msg);
		});
	}

	static open(d) {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(d.wsUrl);
			ws.once('open', () => resolve(new Client(ws)));
			ws.once('error', reject);
		});
	}

	send(obj) {
		this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
	}

	// The next message (of @type if given), or a rejection after a timeout.
	next(type, timeout = TIMEOUT) {
		const match = (m) => !type || m.type === type;
		const i = this.queue.findIndex(match);
		if (i >= 0)
			return Promise.resolve(this.queue.splice(i, 1)[0]);
		return new Promise((resolve, reject) => {
			const w = { match, resolve };
			this.waiters.push(w);
			w.timer = setTimeout(() => {
				const j = this.waiters.indexOf(w);
				if (j >= 0) {
					this.waiters.splice(j, 1);
					reject(new Error(`no ${type || 'message'} within ${timeout} ms; queued: ${JSON.stringify(this.queue)}`));
				}
			}, timeout);
		});
	}

	// Send, then wait for the reply of @type.
	async request(obj, type) {
		this.send(obj);
		return this.next(type);
	}

	// Nothing (of @type) arrives for @ms.
	async quiet(ms = 200, type) {
		await new Promise((r) => setTimeout(r, ms));
		return !this.queue.some((m) => !type || m.type === type);
	}

	close() {
		this.ws.close();
		return this.closed;
	}
}

// Join @room as @name; returns [client, welcome].
export async function joined(d, room, name) {
	const c = await Client.open(d);
	const welcome = await c.request({ type: 'join', room, name }, 'welcome');
	return [c, welcome];
}

// Offer @sdp from a to b (ids), then the answer back; returns both
// rewritten SDPs as received.
export async function call(a, aId, b, bId, offerSdp, answerSdp) {
	a.send({ type: 'offer', to: bId, sdp: offerSdp });
	const offer = await b.next('offer');
	b.send({ type: 'answer', to: aId, sdp: answerSdp });
	const answer = await a.next('answer');
	return { offer, answer };
}

// ---- SDP helpers ----------------------------------------------------------

export function sdpLines(sdp) {
	return sdp.split(/\r?\n/).filter((l) => l.length);
}

// Drop every line matching @re.
export function sdpWithout(sdp, re) {
	return sdp.split('\r\n').filter((l) => !re.test(l)).join('\r\n');
}

// What the other browser would answer: same media, its own transport,
// a=setup:active.
export function answerFor(offer, tag = 'Bb') {
	return offer
		.replace(/a=setup:actpass/g, 'a=setup:active')
		.replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${tag}uf`)
		.replace(/a=ice-pwd:.*/g, `a=ice-pwd:${tag}pwd0123456789abcdefgh`)
		.replace(/a=fingerprint:sha-256 .*/g, 'a=fingerprint:sha-256 ' +
			Array.from({ length: 32 }, (_, i) =>
				(i * 7 + 11).toString(16).padStart(2, '0').toUpperCase()).join(':'))
		.replace(/a=candidate:.*\r\n/g, '');
}

// The gateway's "sha-256 AB:..." as it logged it at start-up.
export function gatewayFingerprint(d) {
	const m = /DTLS certificate fingerprint (sha-256 [0-9A-F:]+)/.exec(d.log);
	return m && m[1];
}

// Lines that describe media rather than transport: what must pass through.
const TRANSPORT = /^(a=(ice-|candidate|end-of-candidates|fingerprint|setup|rtcp:|tls-id)|c=)/;
export function mediaPart(sdp) {
	return sdpLines(sdp).filter((l) => !TRANSPORT.test(l))
		.map((l) => l.replace(/^m=(\S+) \d+/, 'm=$1 PORT'));
}
