// SPDX-License-Identifier: GPL-2.0
// Mode "rtpengine": Debian's rtpengine-daemon 10.5 in userspace (no kernel
// module: --table=-1), driven with its ng protocol, relaying SRTP
// AES_CM_128_HMAC_SHA1_80 with SDES keys on both legs.
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
// rtpengine reads at most 50 packets per socket wakeup and gives up on a
// socket for good after 5 receive-queue overruns (PLATFORM.md), so every
// rate step gets calls of its own: offer and answer before the step,
// delete after it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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

async function startRtpengine(cpu) {
	const r = start([...inNs(null, cpu), 'rtpengine',
		'--config-file=none', '--table=-1', `--interface=${GW_ADDR}`,
		`--listen-ng=127.0.0.1:${NG_PORT}`, '--foreground', '--log-stderr',
		'--log-level=4', '--port-min=30000', '--port-max=39999',
		'--delete-delay=0']);
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

export const rtpengine = {
	name: 'rtpengine',
	label: 'rtpengine 10.5 userspace',
	freshCallsPerStep: true,

	async open({ calls, gen, sink, cpu, profile }) {
		assert.equal(profile, SUITE, 'rtpengine mode measures AES_CM_128_HMAC_SHA1_80 only');
		const { r, ng } = await startRtpengine(cpu);
		return { r, ng, pid: r.proc.pid, calls, gen, sink, step: 0, ids: [] };
	},

	// Fresh calls: offer (generator's SDP, its own key), answer (sink's).
	async beginStep(ctx) {
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
				flags: ['SDES-unencrypted_srtcp'], ICE: 'remove', DTLS: 'off',
			});
			ctx.ids.push(callId);
			const toSink = transportOf(offer.sdp);
			const answer = await ctx.ng.request({
				command: 'answer', 'call-id': callId, 'from-tag': `g${i}`,
				'to-tag': `s${i}`,
				sdp: sdesSdp('198.18.2.2', ctx.sink.port, keyB),
				ICE: 'remove', DTLS: 'off',
			});
			const toGen = transportOf(answer.sdp);
			genCmds[i] = `sdes ${i} ${GW_ADDR} ${toGen.port} ${SUITE} ${Buffer.from(keyA, 'base64').toString('hex')}`;
			sinkCmds[i] = `sdes ${i} ${GW_ADDR} ${toSink.port} ${SUITE} ${toSink.hex}`;
		});
		await Promise.all([ctx.gen.okAll(genCmds), ctx.sink.okAll(sinkCmds)]);
	},

	async endStep(ctx) {
		await pool(ctx.ids, 64, (id) => ctx.ng.request({ command: 'delete', 'call-id': id }));
		ctx.ids = [];
	},

	async counters(ctx) {
		const l = await ctx.ng.request({ command: 'list' });
		return { calls: (l.calls || []).length };
	},

	async close(ctx) {
		if (ctx.ids.length)
			await this.endStep(ctx).catch(() => {});
		ctx.ng.close();
		await ctx.r.stop();
	},
};
