// SPDX-License-Identifier: GPL-2.0
// A scripted endpoint for the relay tests: build/tests/relay/dtls_peer (ICE,
// DTLS-SRTP with lib/dtls.h, SRTP with libsrtp2) driven over its stdin,
// and the signaling that puts two of them in a call through wrtcd.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getJson, joined, testdata } from '../signaling/helpers.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DTLS_PEER = process.env.WRTC_DTLS_PEER ||
	path.join(top, 'build/tests/relay/dtls_peer');
const BASE_SDP = testdata('chromium156-offer-max-bundle.sdp');

const running = new Set();
process.on('exit', () => {
	for (const p of running)
		p.kill('SIGKILL');
});

// ICE characters only (RFC 8839): base64 without '='.
function iceString(n) {
	return randomBytes(n).toString('base64').replace(/=/g, '').slice(0, n);
}

export class Endpoint {
	// @profiles: its use_srtp list (lib/dtls.h syntax); @ssrc: SSRC base;
	// @bind: its address (default 127.0.0.1); @seq: its first sequence
	// number (dtls_peer --seq); @prefix: a command that
	// runs it elsewhere, e.g. ['ip', 'netns', 'exec', NS].
	static async start({ profiles, ssrc, bind, seq, prefix = [] } = {}) {
		const args = [];
		if (profiles)
			args.push('--profiles', profiles);
		if (ssrc)
			args.push('--ssrc', String(ssrc));
		if (bind)
			args.push('--bind', bind);
		if (seq)
			args.push('--seq', String(seq));
		const cmd = [...prefix, DTLS_PEER, ...args];
		const ep = new Endpoint(spawn(cmd[0], cmd.slice(1),
			{ stdio: ['pipe', 'pipe', 'pipe'] }));
		const ready = await ep.line(5000);
		const m = /^ready (\d+) (\S+) (\S+)$/.exec(ready);
		assert.ok(m, `dtls_peer did not start: ${ready}`);
		ep.port = Number(m[1]);
		ep.hash = m[2];
		ep.fp = m[3];
		ep.ufrag = iceString(8);
		ep.pwd = iceString(24);
		return ep;
	}

	constructor(proc) {
		this.proc = proc;
		this.lines = [];
		this.waiters = [];
		this.stderr = '';
		running.add(proc);
		proc.on('exit', () => running.delete(proc));
		proc.stderr.on('data', (b) => { this.stderr += b; });
		readline.createInterface({ input: proc.stdout }).on('line', (l) => {
			const w = this.waiters.shift();
			if (w) {
				clearTimeout(w.timer);
				w.resolve(l);
			} else
				this.lines.push(l);
		});
	}

	line(timeout) {
		if (this.lines.length)
			return Promise.resolve(this.lines.shift());
		return new Promise((resolve, reject) => {
			const w = { resolve };
			w.timer = setTimeout(() => {
				this.waiters.splice(this.waiters.indexOf(w), 1);
				reject(new Error(`dtls_peer: no answer in ${timeout} ms; stderr: ${this.stderr}`));
			}, timeout);
			this.waiters.push(w);
		});
	}

	// Send one command; resolves with its answer line.
	cmd(text, timeout = 10000) {
		this.proc.stdin.write(`${text}\n`);
		return this.line(timeout);
	}

	// The same, asserting it said "ok".
	async ok(text, timeout) {
		const r = await this.cmd(text, timeout);
		assert.match(r, /^ok /, `${text}: ${r}`);
		return r;
	}

	// recv's answer as numbers: { good, rtp, rtcp, unprotect_failed, ... }.
	async recv(count, ms) {
		const r = await this.ok(`recv ${count} ${ms}`, ms + 5000);
		return Object.fromEntries([...r.matchAll(/(\w+)=(\d+)/g)]
			.map(([, k, v]) => [k, Number(v)]));
	}

	// "ok send COUNT BYTES" (also tamper, stray) as numbers.
	async send(what, ...n) {
		const r = await this.ok(`${what} ${n.join(' ')}`);
		const [, count, bytes] = r.split(' ').slice(1).map(Number);
		return { count, bytes };
	}

	async quit() {
		if (this.proc.exitCode !== null)
			return;
		const gone = new Promise((r) => this.proc.on('exit', r));
		this.proc.stdin.end('quit\n');
		await gone;
	}

	// Our SDP: the Chromium offer with our transport, @setup given.
	sdp(setup, fp = this.fp) {
		return BASE_SDP
			.replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${this.ufrag}`)
			.replace(/a=ice-pwd:.*/g, `a=ice-pwd:${this.pwd}`)
			.replace(/a=fingerprint:.*/g, `a=fingerprint:${this.hash} ${fp}`)
			.replace(/a=setup:.*/g, `a=setup:${setup}`)
			.replace(/a=candidate:.*\r\n/g, '');
	}
}

// The gateway's transport for one endpoint, from the SDP it sent that one.
export function gatewayOf(sdp) {
	const get = (re) => {
		const m = re.exec(sdp);
		assert.ok(m, `no ${re} in the rewritten SDP`);
		return m;
	};
	const [, hash, fp] = get(/a=fingerprint:(\S+) (\S+)/);
	return {
		port: Number(get(/^m=\S+ (\d+) /m)[1]),
		ufrag: get(/a=ice-ufrag:(\S+)/)[1],
		pwd: get(/a=ice-pwd:(\S+)/)[1],
		hash, fp,
		setup: get(/a=setup:(\S+)/)[1],
	};
}

// One hex digit of @fp changed: a certificate nobody has.
export function wrongFingerprint(fp) {
	return (fp[0] === 'A' ? 'B' : 'A') + fp.slice(1);
}

export async function legsOf(d, id) {
	const { body } = await getJson(d, '/api/calls');
	const c = body.calls.find((x) => x.id === id);
	return c && c.legs;
}

// Poll /api/calls until @pred(legs) holds; returns the legs.
export async function waitLegs(d, id, pred, what, ms = 5000) {
	const deadline = Date.now() + ms;
	let legs;
	for (;;) {
		legs = await legsOf(d, id);
		if (legs && pred(legs))
			return legs;
		if (Date.now() > deadline)
			assert.fail(`${what}: not within ${ms} ms: ${JSON.stringify(legs)}\n${d.log}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

// Two endpoints in a call through @d: signaling, ICE, and DTLS unless
// @opts.dtls is false. @opts: room, bSetup ('active': B is the DTLS
// client; 'passive': the gateway is), aProfiles/bProfiles,
// bWrongFingerprint (B's answer claims a certificate B does not have),
// dtlsBeforeAnswer (B's ClientHello reaches the gateway before its answer;
// call.earlyB is then B's dtls answer, and A's ICE (call.iceA()) and DTLS
// are left to the caller). For endpoints on hosts of their own:
// opts.a / opts.b = { bind, prefix } (Endpoint.start) and gw, the
// gateway's address it reaches (default 127.0.0.1).
export async function makeCall(d, opts = {}) {
	const room = opts.room || `r${Math.random().toString(36).slice(2, 8)}`;
	const bSetup = opts.bSetup || 'active';
	const hostA = opts.a?.gw || '127.0.0.1';
	const hostB = opts.b?.gw || '127.0.0.1';
	const A = await Endpoint.start({ profiles: opts.aProfiles, ssrc: 0xA0000000, ...opts.a });
	const B = await Endpoint.start({ profiles: opts.bProfiles, ssrc: 0xB0000000, ...opts.b });
	const [a, wa] = await joined(d, room, 'a');
	const [b, wb] = await joined(d, room, 'b');
	a.send({ type: 'offer', to: wb.id, sdp: A.sdp('actpass') });
	const offer = await b.next('offer');
	const gwB = gatewayOf(offer.sdp);
	const { body } = await getJson(d, '/api/calls');
	const id = body.calls.find((c) => c.legs[0].peer === wa.id).id;
	let earlyB;
	if (opts.dtlsBeforeAnswer) {
		// B checks and starts DTLS (as client) before its answer goes
		// out, as a browser may: the gateway sees its ClientHello first.
		await B.ok(`ice ${hostB} ${gwB.port} ${gwB.ufrag} ${gwB.pwd} ${B.ufrag}`);
		earlyB = B.cmd(`dtls client ${gwB.hash} ${gwB.fp} 4000`);
		await new Promise((r) => setTimeout(r, 100));
	}
	b.send({ type: 'answer', to: wa.id, sdp: B.sdp(bSetup,
		opts.bWrongFingerprint ? wrongFingerprint(B.fp) : B.fp) });
	const answer = await a.next('answer');
	const gwA = gatewayOf(answer.sdp);
	// The gateway offers actpass and serves A (it answers passive).
	assert.equal(gwB.setup, 'actpass');
	assert.equal(gwA.setup, 'passive');
	const call = { id, A, B, a, b, wa, wb, gwA, gwB, bSetup, earlyB };
	call.iceA = () => A.ok(`ice ${hostA} ${gwA.port} ${gwA.ufrag} ${gwA.pwd} ${A.ufrag}`);
	call.iceB = () => B.ok(`ice ${hostB} ${gwB.port} ${gwB.ufrag} ${gwB.pwd} ${B.ufrag}`);
	call.dtlsA = () => A.cmd(`dtls client ${gwA.hash} ${gwA.fp} 4000`);
	call.dtlsB = () => B.cmd(`dtls ${bSetup === 'active' ? 'client' : 'server'} ${gwB.hash} ${gwB.fp} 4000`);
	call.close = async () => {
		await Promise.all([A.quit(), B.quit()]);
		await Promise.all([a.close(), b.close()]);
	};
	if (earlyB)
		return call;
	await Promise.all([call.iceA(), call.iceB()]);
	if (opts.dtls === false)
		return call;
	const [ra, rb] = await Promise.all([call.dtlsA(), call.dtlsB()]);
	assert.match(ra, /^ok dtls /, `A: ${ra}`);
	assert.match(rb, /^ok dtls /, `B: ${rb}`);
	call.profileA = ra.split(' ')[2];
	call.profileB = rb.split(' ')[2];
	await waitLegs(d, id, (l) => l.every((x) => x.dtls === 'connected'),
		'both legs DTLS-connected');
	return call;
}
