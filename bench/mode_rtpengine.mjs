// SPDX-License-Identifier: GPL-2.0
// Modes "rtpengine" and "rtpengine-kernel": Debian's rtpengine-daemon 10.5,
// in userspace (--table=-1) or with its kernel module (xt_RTPENGINE, the
// qemu guest only: --table=0 --no-fallback, the module's iptables rule in
// the gateway's namespace while the mode runs), driven with its ng
// protocol, relaying SRTP AES_CM_128_HMAC_SHA1_80 with SDES keys on both
// legs.
//
// Re-encryption, not pass-through: given the same suite on both legs,
// rtpengine copies the offerer's key into its offer to the other side and
// then forwards the packets untouched. The "SDES-unencrypted_srtcp" offer
// flag makes the two legs' crypto parameters differ (only in how SRTCP is
// sent, which this benchmark does not use), and rtpengine then decrypts,
// authenticates and re-encrypts every SRTP packet (its media handler
// compares the legs' crypto_params, session parameters included). The RTP
// key towards the sink is still the one the generator offered, so the
// bytes it sends are the bytes it received: the sink's sample check proves
// the keys, the tamper check in bench.mjs proves the authentication.
//
// Proof (stepProof, per step, rtpengine-kernel): the packets the module
// forwarded, summed from /proc/rtpengine/0/list (one block per stream; see
// kernelPackets), against what the sink received (bench.mjs); and what
// rtpengine itself counts as relayed in userspace and by the kernel over
// the step (its ng "statistics": totalstatistics.relayedpackets_user and
// _kernel, from after the priming packets to the step's end), user_packets
// being the one the check holds against 1 % of the sink's count. In
// userspace mode the same two counts are reported, and not checked.
//
// rtpengine reads at most 50 packets per socket wakeup and gives up on a
// socket for good after 5 receive-queue overruns (PLATFORM.md), so every
// rate step gets calls of its own: offer and answer before the step,
// delete after it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { NgClient } from './ng.mjs';
import { inNs, pool, start } from './procs.mjs';
import { GW_ADDR } from './mode_wrtcd.mjs';

const NG_PORT = 2223;
const SUITE = 'AES_CM_128_HMAC_SHA1_80';

function sdesSdp(addr, port, keyB64) {
	return ['v=0', `o=- ${port} 1 IN IP4 ${addr}`, 's=bench', `c=IN IP4 ${addr}`,
		't=0 0', `m=audio ${port} RTP/SAVP 96`, 'a=rtpmap:96 opus/48000/2',
		'a=rtcp-mux', `a=crypto:1 ${SUITE} inline:${keyB64}`, 'a=sendrecv', '']
		.join('\r\n');
}

// Port and hex key of the AES_CM_128_HMAC_SHA1_80 line of an rtpengine SDP.
function transportOf(sdp) {
	const port = /^m=audio (\d+) /m.exec(sdp);
	const crypto = new RegExp(`^a=crypto:\\d+ ${SUITE} inline:([A-Za-z0-9+/=]+)`, 'm').exec(sdp);
	assert.ok(port && crypto, `no port or ${SUITE} key in:\n${sdp}`);
	return { port: Number(port[1]),
		hex: Buffer.from(crypto[1], 'base64').toString('hex') };
}

async function startRtpengine(cpu, table) {
	const r = start([...inNs(null, cpu), 'rtpengine',
		'--config-file=none', ...table, `--interface=${GW_ADDR}`,
		// Take the endpoints at their first packet, not 3 s after the
		// last signaling: a stream is kernelized only once confirmed,
		// and every step has fresh calls (see above).
		'--endpoint-learning=immediate',
		`--listen-ng=127.0.0.1:${NG_PORT}`, '--foreground', '--log-stderr',
		`--log-level=${process.env.BENCH_RTPENGINE_LOG_LEVEL || 4}`, '--port-min=30000', '--port-max=39999',
		'--delete-delay=0']);
	// Its whole log, for a look at what it did (BENCH_LOG_DIR).
	if (process.env.BENCH_LOG_DIR) {
		const f = `${process.env.BENCH_LOG_DIR}/rtpengine-${table.join('')}-${Date.now()}.log`;
		r.proc.stderr.on('data', (b) => appendFileSync(f, b));
	}
	const ng = new NgClient('127.0.0.1', NG_PORT);
	const deadline = Date.now() + 10000;
	for (;;) {
		try {
			await ng.request({ command: 'ping' }, 600);
			return { r, ng };
		} catch (e) {
			if (r.proc.exitCode !== null || Date.now() > deadline) {
				ng.close();
				await r.stop();
				throw new Error(`rtpengine did not start: ${e.message}\n${r.log}`);
			}
		}
	}
}

// The module's rule: UDP to this namespace goes through table 0.
const RULE = [['-N', 'rtpengine'], ['-I', 'INPUT', '-p', 'udp', '-j', 'rtpengine'],
	['-I', 'rtpengine', '-p', 'udp', '-j', 'RTPENGINE', '--id', '0']];
const UNRULE = [['-D', 'INPUT', '-p', 'udp', '-j', 'rtpengine'],
	['-F', 'rtpengine'], ['-X', 'rtpengine']];

function iptables(rules) {
	for (const r of rules)
		execFileSync('iptables-legacy', ['-w', ...r], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const LIST = '/proc/rtpengine/0/list';

// Packets the module forwarded: each stream's "stats:" line in
// /proc/rtpengine/0/list, summed (not its per-payload-type lines).
export function kernelPackets() {
	if (!existsSync(LIST))
		return 0;
	let n = 0;
	for (const m of readFileSync(LIST, 'utf8').matchAll(/stats: .* (\d+) packets,/g))
		n += Number(m[1]);
	return n;
}

// Streams in the module with somewhere to send to.
function kernelStreams() {
	return existsSync(LIST) ?
		readFileSync(LIST, 'utf8').match(/^ {4}output #0$/gm)?.length ?? 0 : 0;
}

function rtpengineMode({ name, label, kernel }) {
	return {
		name,
		label,
		kernelPath: kernel,
		freshCallsPerStep: true,

		async open({ calls, gen, sink, cpu, profile }) {
			assert.equal(profile, SUITE, 'rtpengine modes measure AES_CM_128_HMAC_SHA1_80 only');
			if (kernel) {
				assert.ok(existsSync('/proc/rtpengine/control'),
					'xt_RTPENGINE is not loaded (the guest section loads it)');
				iptables(RULE);
			}
			try {
				const { r, ng } = await startRtpengine(cpu, kernel ?
					['--table=0', '--no-fallback'] : ['--table=-1']);
				return { r, ng, pid: r.proc.pid, calls, gen, sink, step: 0, ids: [] };
			} catch (e) {
				if (kernel)
					iptables(UNRULE);
				throw e;
			}
		},

		beginStep,
		endStep,

		// rtpengine kernelizes a stream at its first packet, from
		// userspace, and whatever reached the socket before stays
		// there: bench.mjs primes each step's fresh calls with a few
		// packets, then waits here until the module has every stream.
		prime: kernel ? async (ctx) => {
			const deadline = Date.now() + 15000;
			let n;
			while ((n = kernelStreams()) < ctx.calls) {
				if (Date.now() > deadline)
					throw new Error(`rtpengine kernelized ${n} of ${ctx.calls} streams in 15 s`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			// The priming packets went through userspace: not the step's.
			ctx.relayedBase = await relayed(ctx);
		} : null,

		async stepProof(ctx) {
			const now = await relayed(ctx);
			const base = ctx.relayedBase;
			const own = now && base ? {
				user_packets: now.user - base.user,
				rtpengine_kernel_packets: now.kernel - base.kernel,
			} : { user_packets: null, rtpengine_kernel_packets: null };
			if (!kernel)
				return own;
			// Streams are new each step (fresh calls): their counters too.
			return { kernel_packets: kernelPackets(), ...own };
		},

		async counters(ctx) {
			const l = await ctx.ng.request({ command: 'list' });
			return { calls: (l.calls || []).length };
		},

		async close(ctx) {
			if (ctx.ids.length)
				await endStep(ctx).catch(() => {});
			ctx.ng.close();
			await ctx.r.stop();
			if (kernel) {
				iptables(UNRULE);
				// rtpengine leaves its table; the next start makes it again.
				try {
					writeFileSync('/proc/rtpengine/control', 'del 0\n');
				} catch {
					// already gone
				}
			}
		},
	};
}

// The sink never sends, so rtpengine never confirms its endpoint, and it
// kernelizes a stream only towards confirmed endpoints: "unidirectional"
// confirms the sinks of one-way media (in its media_packet_address_check).
// Both modes get it, to relay the same calls the same way.
const ONE_WAY = ['unidirectional'];

// Fresh calls: offer (generator's SDP, its own key), answer (sink's).
async function beginStep(ctx) {
	const step = ++ctx.step;
	const genCmds = new Array(ctx.calls);
	const sinkCmds = new Array(ctx.calls);
	ctx.ids = [];
	await pool([...Array(ctx.calls).keys()], 64, async (i) => {
		const callId = `bench-${step}-${i}`;
		const keyA = randomBytes(30).toString('base64');
		const keyB = randomBytes(30).toString('base64');
		const offer = await ctx.ng.request({
			command: 'offer', 'call-id': callId, 'from-tag': `g${i}`,
			sdp: sdesSdp('198.18.1.2', ctx.gen.port, keyA),
			flags: ['SDES-unencrypted_srtcp', ...ONE_WAY], ICE: 'remove', DTLS: 'off',
		});
		ctx.ids.push(callId);
		const toSink = transportOf(offer.sdp);
		const answer = await ctx.ng.request({
			command: 'answer', 'call-id': callId, 'from-tag': `g${i}`,
			'to-tag': `s${i}`,
			sdp: sdesSdp('198.18.2.2', ctx.sink.port, keyB),
			flags: ONE_WAY, ICE: 'remove', DTLS: 'off',
		});
		const toGen = transportOf(answer.sdp);
		genCmds[i] = `sdes ${i} ${GW_ADDR} ${toGen.port} ${SUITE} ${Buffer.from(keyA, 'base64').toString('hex')}`;
		sinkCmds[i] = `sdes ${i} ${GW_ADDR} ${toSink.port} ${SUITE} ${toSink.hex}`;
	});
	await Promise.all([ctx.gen.okAll(genCmds), ctx.sink.okAll(sinkCmds)]);
	ctx.relayedBase = await relayed(ctx);
}

// rtpengine's own totals of packets relayed in userspace and by the kernel
// (null if its reply lacks them).
async function relayed(ctx) {
	const r = await ctx.ng.request({ command: 'statistics' });
	const t = r?.statistics?.totalstatistics;
	const user = Number(t?.relayedpackets_user);
	const kern = Number(t?.relayedpackets_kernel);
	return Number.isFinite(user) && Number.isFinite(kern) ?
		{ user, kernel: kern } : null;
}

async function endStep(ctx) {
	await pool(ctx.ids, 64, (id) => ctx.ng.request({ command: 'delete', 'call-id': id }));
	ctx.ids = [];
}

export const rtpengine = rtpengineMode({ name: 'rtpengine',
	label: 'rtpengine 10.5 userspace', kernel: false });
export const rtpengineKernel = rtpengineMode({ name: 'rtpengine-kernel',
	label: 'rtpengine 10.5 kernel module (xt_RTPENGINE)', kernel: true });
