// SPDX-License-Identifier: GPL-2.0
// The wrtcd modes, calls set up as users set them up:
//   wrtcd             the userspace relay (--datapath user)
//   wrtcd-xdp         the same with wrtc_xdp attached to the gateway's two
//                     devices (the host: no wrtc.ko, so the program only
//                     classifies, counts and passes: the cost of being in
//                     the path)
//   wrtcd-kernel      wrtc_xdp + wrtc.ko (the qemu guest): the calls move to
//                     the kernel once DTLS is up; forwarding on in the
//                     gateway and NAPI (GRO) on the sink's device, which a
//                     redirected frame needs, for that mode only
//   wrtcd-gcm, wrtcd-kernel-gcm  the same two with AEAD_AES_128_GCM
// Every step records where the packets were handled (stepProof): the
// userspace relay's and wrtc.ko's received packets from /api/calls, and
// wrtc_xdp's RTP verdicts from wrtcctl stats.
// For each call, two WebSocket clients join a room of their
// own (SIGNALING.md); one offers the generator's leg, the other answers
// with the sink's; the SDPs are a Chromium offer with each endpoint's ICE
// credentials and certificate. From the rewritten SDPs the generator and
// the sink learn the gateway's port, ICE credentials and fingerprint for
// their leg, then run ICE and a DTLS-SRTP handshake on it (bench_peer.h)
// and take their SRTP keys from it. The WebSocket clients stay connected
// for as long as the calls are measured: closing them ends the calls.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '../tests/signaling/helpers.mjs';
import { gatewayOf } from '../tests/relay/endpoint.mjs';
import { BUILD, TOP, inNs, napiThreads, pool, start } from './procs.mjs';

export const GW_ADDR = '198.18.0.1';
const SIGNAL_PORT = 8080;
const BASE_SDP = readFileSync(path.join(process.env.WRTC_TESTDATA ||
	path.join(TOP, 'tests/data'), 'chromium156-offer-max-bundle.sdp'), 'utf8');

// ICE characters only (RFC 8839): base64 without '=', '+' and '/' kept.
function iceString(n) {
	return randomBytes(n).toString('base64').replace(/=/g, '').slice(0, n);
}

// An endpoint's SDP: the Chromium offer with its own transport.
function endpointSdp(peer, ufrag, pwd, setup) {
	return BASE_SDP
		.replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${ufrag}`)
		.replace(/a=ice-pwd:.*/g, `a=ice-pwd:${pwd}`)
		.replace(/a=fingerprint:.*/g, `a=fingerprint:${peer.hash} ${peer.fp}`)
		.replace(/a=setup:.*/g, `a=setup:${setup}`)
		.replace(/a=candidate:.*\r\n/g, '');
}

async function getJson(url) {
	const res = await fetch(url);
	return res.json();
}

// Start wrtcd pinned to @cpu; resolves once it listens.
async function startWrtcd(cpu, calls, args) {
	const d = start([...inNs(null, cpu), path.join(BUILD, 'wrtcd'),
		'--listen', `127.0.0.1:${SIGNAL_PORT}`, '--media-addr', GW_ADDR,
		'--media-ports', '40000-44999', '--max-calls', String(calls + 10),
		'--max-rooms', String(calls + 10), '--log-level', 'warn', ...args]);
	d.url = `http://127.0.0.1:${SIGNAL_PORT}`;
	d.wsUrl = `ws://127.0.0.1:${SIGNAL_PORT}/ws`;
	const deadline = Date.now() + 10000;
	for (;;) {
		try {
			await getJson(`${d.url}/api/calls`);
			return d;
		} catch {
			if (d.proc.exitCode !== null || Date.now() > deadline) {
				await d.stop();
				throw new Error(`wrtcd did not start: ${d.log}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}
}

// One call: signaling, then the ice commands for both endpoints.
async function makeCall(d, i, gen, sink) {
	const room = `bench-${i}`;
	const a = await Client.open(d);
	const b = await Client.open(d);
	const wa = await a.request({ type: 'join', room, name: 'gen' }, 'welcome');
	await b.request({ type: 'join', room, name: 'sink' }, 'welcome');
	const ga = { ufrag: iceString(8), pwd: iceString(24) };
	const sb = { ufrag: iceString(8), pwd: iceString(24) };
	const wb = await a.next('peer-joined');
	a.send({ type: 'offer', to: wb.id, sdp: endpointSdp(gen, ga.ufrag, ga.pwd, 'actpass') });
	const offer = await b.next('offer', 20000);
	b.send({ type: 'answer', to: wa.id, sdp: endpointSdp(sink, sb.ufrag, sb.pwd, 'active') });
	const answer = await a.next('answer', 20000);
	const gwA = gatewayOf(answer.sdp);
	const gwB = gatewayOf(offer.sdp);
	assert.equal(gwA.setup, 'passive');
	return {
		clients: [a, b],
		gen: `ice ${i} ${GW_ADDR} ${gwA.port} ${gwA.ufrag} ${gwA.pwd} ${ga.ufrag} ${gwA.hash} ${gwA.fp}`,
		sink: `ice ${i} ${GW_ADDR} ${gwB.port} ${gwB.ufrag} ${gwB.pwd} ${sb.ufrag} ${gwB.hash} ${gwB.fp}`,
	};
}

// The gateway's devices (bench/netns.sh); the sink's, in its namespace.
const XDP_IFACES = ['wbgw0', 'wbgw1'];
const FORWARDING = '/proc/sys/net/ipv4/conf/all/forwarding';
const CPU_PEERS = 0; // the generator's and the sink's core (bench.mjs)

function wrtcctlStats() {
	return JSON.parse(execFileSync(path.join(BUILD, 'wrtcctl'), ['-j', 'stats'],
		{ encoding: 'utf8' }));
}

// Set a few things for the kernel path, and put them back after.
function kernelPathUp(sinkNs) {
	const saved = readFileSync(FORWARDING, 'utf8').trim();
	writeFileSync(FORWARDING, '1');
	execFileSync('ip', ['netns', 'exec', sinkNs, 'ethtool', '-K', 'wbsink', 'gro', 'on']);
	// The guest (BENCH_GW_NAPI): that NAPI in a thread on the peers' core,
	// where the sink's receive path is steered in the other modes.
	if (process.env.BENCH_GW_NAPI) {
		execFileSync('ip', ['netns', 'exec', sinkNs, 'sh', '-c',
			'echo 1 > /sys/class/net/wbsink/threaded']);
		for (const pid of napiThreads('wbsink')) {
			execFileSync('taskset', ['-p', '-c', String(CPU_PEERS), String(pid)]);
			execFileSync('renice', ['-n', '-20', '-p', String(pid)]);
		}
	}
	return () => {
		execFileSync('ip', ['netns', 'exec', sinkNs, 'ethtool', '-K', 'wbsink', 'gro', 'off']);
		writeFileSync(FORWARDING, saved);
	};
}

function wrtcdMode({ name, label, datapath, xdp = false, profile }) {
	// With XDP but without the kernel path: auto, which on a host without
	// wrtc.ko attaches the program where named and relays in userspace.
	const ifaces = XDP_IFACES.flatMap((i) => ['--xdp-iface', i]);
	const args = datapath === 'kernel' ? ['--datapath', 'kernel', ...ifaces] :
		xdp ? ['--datapath', 'auto', ...ifaces] : ['--datapath', 'user'];
	return {
		name,
		label,
		profile,
		kernelPath: datapath === 'kernel',
		freshCallsPerStep: false,

		async open({ calls, gen, sink, cpu, sinkNs }) {
			const restore = datapath === 'kernel' ? kernelPathUp(sinkNs) : null;
			let d;
			try {
				d = await startWrtcd(cpu, calls, args);
			} catch (e) {
				restore?.();
				throw e;
			}
			const ctx = { d, pid: d.proc.pid, clients: [], restore };
			try {
				const made = new Array(calls);
				await pool([...Array(calls).keys()], 32, async (i) => {
					made[i] = await makeCall(d, i, gen, sink);
				});
				for (const m of made)
					ctx.clients.push(...m.clients);
				await Promise.all([gen.okAll(made.map((m) => m.gen)),
					sink.okAll(made.map((m) => m.sink))]);
				// Handshakes: the gateway does two per call.
				const t = 30000 + 200 * calls;
				await Promise.all([gen.ok(`connect ${t}`, t + 5000),
					sink.ok(`connect ${t}`, t + 5000)]);
				const { calls: list } = await getJson(`${d.url}/api/calls`);
				assert.equal(list.length, calls, 'every call is up');
				for (const c of list) {
					for (const l of c.legs) {
						assert.equal(l.dtls, 'connected', `call ${c.id}: ${JSON.stringify(l)}`);
						assert.equal(l.srtp_profile, profile);
						assert.equal(l.datapath, datapath, `call ${c.id}: ${JSON.stringify(l)}`);
					}
				}
				if (xdp || datapath === 'kernel') {
					const x = wrtcctlStats().xdp;
					assert.equal(x.length, 1, `wrtc_xdp on ${XDP_IFACES}: ${JSON.stringify(x)}`);
				}
			} catch (e) {
				await this.close(ctx);
				e.message += `\n--- wrtcd log ---\n${d.log.slice(-4000)}`;
				throw e;
			}
			return ctx;
		},

		async beginStep(ctx) {
			ctx.proof0 = await this.proof(ctx);
		},
		async endStep() {},

		// Where the packets went: cumulative, stepProof() takes deltas.
		async proof(ctx) {
			const { calls } = await getJson(`${ctx.d.url}/api/calls`);
			// SRTP received on the legs, by the path that handled it.
			const p = { user_packets: 0, kernel_packets: 0 };
			for (const c of calls) {
				for (const l of c.legs) {
					p.user_packets += l.user.rx_packets;
					p.kernel_packets += l.kernel?.rx_packets || 0;
				}
			}
			if (xdp || datapath === 'kernel') {
				const x = wrtcctlStats().xdp[0];
				for (const v of ['pass', 'redirect', 'tx', 'drop'])
					p[`xdp_rtp_${v}`] = x?.by_class.rtp?.[v]?.packets || 0;
			}
			return p;
		},

		async stepProof(ctx) {
			const now = await this.proof(ctx);
			return Object.fromEntries(Object.entries(now)
				.map(([k, v]) => [k, v - (ctx.proof0?.[k] || 0)]));
		},

		// The gateway's own counters, summed over the calls' legs.
		async counters(ctx) {
			const { calls } = await getJson(`${ctx.d.url}/api/calls`);
			const sum = {};
			for (const c of calls) {
				for (const l of c.legs) {
					for (const [k, v] of Object.entries(l)) {
						if (typeof v === 'number')
							sum[k] = (sum[k] || 0) + v;
					}
				}
			}
			return { calls: calls.length, ...sum };
		},

		async close(ctx) {
			await Promise.all(ctx.clients.map((c) => c.close()));
			ctx.clients = [];
			await ctx.d.stop();
			ctx.restore?.();
		},
	};
}

const CM80 = 'AES_CM_128_HMAC_SHA1_80';
const GCM = 'AEAD_AES_128_GCM';

export const wrtcd = wrtcdMode({ name: 'wrtcd', label: 'wrtcd userspace relay',
	datapath: 'user', profile: CM80 });
export const wrtcdXdp = wrtcdMode({ name: 'wrtcd-xdp',
	label: 'wrtcd userspace relay behind wrtc_xdp (no wrtc.ko: classify and pass)',
	datapath: 'user', xdp: true, profile: CM80 });
export const wrtcdKernel = wrtcdMode({ name: 'wrtcd-kernel',
	label: 'wrtc_xdp + wrtc.ko', datapath: 'kernel', profile: CM80 });
export const wrtcdGcm = wrtcdMode({ name: 'wrtcd-gcm',
	label: 'wrtcd userspace relay, AEAD_AES_128_GCM', datapath: 'user', profile: GCM });
export const wrtcdKernelGcm = wrtcdMode({ name: 'wrtcd-kernel-gcm',
	label: 'wrtc_xdp + wrtc.ko, AEAD_AES_128_GCM', datapath: 'kernel', profile: GCM });
