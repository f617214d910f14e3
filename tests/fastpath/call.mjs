// SPDX-License-Identifier: GPL-2.0
// wrtcd's data paths with wrtc_xdp on its devices, in the namespaces that
// tests/fastpath/run.sh makes (it runs this file inside the gateway's):
// two scripted endpoints (tests/relay/dtls_peer: ICE, DTLS-SRTP, libsrtp2)
// call each other through wrtcd, and every packet each one sends, audio
// and video RTP and RTCP, must be decrypted by the other.
//
// WRTC_FP_MODE=kernel (the qemu guest, wrtc.ko loaded): the call moves to
// the kernel once DTLS is up; wrtcctl shows the kernel relaying, wrtcd's
// userspace counters stay flat, XDP counts the media as redirected, and
// tampered or replayed packets are dropped in XDP.
// WRTC_FP_MODE=user (the host, no module): the userspace relay carries
// it, and the XDP program classifies and passes every packet.
// Both: /api/calls and wrtcctl agree, and a wrtcd killed with SIGKILL
// leaves neither a program nor a kernel leg behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDaemon } from '../signaling/helpers.mjs';
import { legsOf, makeCall, waitLegs } from '../relay/endpoint.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRTCCTL = process.env.WRTCCTL || path.join(top, 'build/wrtcctl');
const MODE = process.env.WRTC_FP_MODE;
const KERNEL = MODE === 'kernel';
const PACKETS = Number(process.env.WRTC_FP_PACKETS || 2000);
const NS_A = process.env.WRTC_FP_NS_A;
const NS_B = process.env.WRTC_FP_NS_B;
const GW_A = '10.201.1.1';
const GW_B = '10.201.2.1';
// Per chunk and direction: 2 SSRCs x (490 RTP + 10 RTCP). A chunk fits
// the receiver's socket buffer while it is still sending its own.
const CHUNK_RTP = 490;
const CHUNK_RTCP = 10;
const CHUNK = 2 * (CHUNK_RTP + CHUNK_RTCP);
const OPTS = { timeout: 900000 };

assert.ok(MODE === 'kernel' || MODE === 'user',
	'run through tests/fastpath/run.sh (WRTC_FP_MODE)');
assert.equal(PACKETS % CHUNK, 0, `WRTC_FP_PACKETS: a multiple of ${CHUNK}`);

function wrtcctl(...args) {
	return execFileSync(WRTCCTL, args, { encoding: 'utf8' });
}

function wrtcctlJson(...args) {
	const out = wrtcctl('-j', ...args);
	return JSON.parse(out);
}

// The daemon: on the host the devices are named (without the module
// the program is attached only where asked); in the guest they are
// found from the media addresses.
const ARGS = ['--media-addr', GW_A, '--media-addr', GW_B,
	'--datapath', KERNEL ? 'kernel' : 'auto', '--consent-timeout', '600',
	...(KERNEL ? [] : ['--xdp-iface', 'gwa', '--xdp-iface', 'gwb'])];

const s = {}; // what the tests share, in order

// wrtcd's one program, attached to both devices: its counters are the
// program's, for both.
function xdpOf(stats) {
	assert.equal(stats.xdp.length, 1, JSON.stringify(stats.xdp));
	const x = stats.xdp[0];
	assert.deepEqual([...x.ifaces].sort(), ['gwa', 'gwb']);
	return x;
}

function count(x, cls, verdict) {
	return x.by_class[cls]?.[verdict]?.packets || 0;
}

function reason(x, r) {
	return x.by_reason[r]?.packets || 0;
}

// One chunk each way, every packet decrypted by the other endpoint.
async function chunkBothWays(what) {
	const { A, B } = s.c;
	const [sa, sb] = await Promise.all([
		A.send('send', CHUNK_RTP, CHUNK_RTCP),
		B.send('send', CHUNK_RTP, CHUNK_RTCP)]);
	assert.equal(sa.count, CHUNK);
	assert.equal(sb.count, CHUNK);
	const [ra, rb] = await Promise.all([A.recv(CHUNK, 20000), B.recv(CHUNK, 20000)]);
	for (const [r, dir] of [[rb, 'A->B'], [ra, 'B->A']]) {
		assert.deepEqual({ ...r, bytes: 0 }, {
			good: CHUNK, rtp: 2 * CHUNK_RTP, rtcp: 2 * CHUNK_RTCP,
			unprotect_failed: 0, mismatch: 0, bytes: 0,
		}, `${dir}, ${what}`);
	}
	s.sentA += CHUNK;
	s.sentB += CHUNK;
	return sa.bytes;
}

// What @ep has sent so far, for the XDP counts.
async function counts(ep) {
	const r = await ep.ok('counts');
	const [, stun, dtls] = /stun=(\d+) dtls=(\d+)/.exec(r);
	return { stun: Number(stun), dtls: Number(dtls) };
}

test(`a call between namespaces is set up, on the ${MODE} data path`, OPTS, async () => {
	s.d = await startDaemon(ARGS);
	if (KERNEL)
		assert.match(s.d.log, /datapath kernel: kernel: wrtc_xdp with wrtc\.ko's kfuncs on gwa \(native\), gwb \(native\)/);
	else
		assert.match(s.d.log, /datapath auto: userspace relay: wrtc\.ko is not loaded.*wrtc_xdp on gwa \(native\), gwb \(native\) classifies/);
	// Sequence numbers about to wrap: every stream's ROC moves on in the
	// first chunk, so the moves below carry a ROC that is not 0.
	s.c = await makeCall(s.d, {
		a: { bind: '10.201.1.2', prefix: ['ip', 'netns', 'exec', NS_A], gw: GW_A, seq: 65300 },
		b: { bind: '10.201.2.2', prefix: ['ip', 'netns', 'exec', NS_B], gw: GW_B, seq: 65200 },
	});
	const want = KERNEL ? 'kernel' : 'user';
	const legs = await waitLegs(s.d, s.c.id,
		(l) => l.every((x) => x.datapath === want), `both legs on ${want}`);
	assert.equal(legs[0].local.split(':')[0], GW_A);
	assert.equal(legs[1].local.split(':')[0], GW_B);
	if (KERNEL) {
		for (const l of legs) {
			assert.ok(l.kernel && l.kernel.id > 0, JSON.stringify(l));
			assert.equal(l.user.rx_packets, 0);
		}
		assert.match(s.d.log, new RegExp(`call ${s.c.id}: media on the kernel path`));
	} else {
		for (const l of legs)
			assert.equal(l.kernel, null);
	}
	s.user0 = legs.map((l) => l.user);
});

test(`${PACKETS} packets each way (audio, video, RTCP), every one decrypted by the other endpoint`, OPTS, async () => {
	let bytes = 0;
	s.sentA = s.sentB = 0;
	for (let sent = 0; sent < PACKETS; sent += CHUNK)
		bytes += await chunkBothWays(`after ${sent} packets`);
	assert.equal(s.sentA, PACKETS);
	assert.equal(s.sentB, PACKETS);
	s.bytesA = bytes;
});

test(`/api/calls counts them, on the ${MODE} path${KERNEL ? ', with the userspace counters flat' : ''}`, OPTS, async () => {
	const legs = await legsOf(s.d, s.c.id);
	const [la, lb] = legs;
	assert.equal(la.rx_packets, PACKETS);
	assert.equal(la.rx_bytes, s.bytesA);
	assert.equal(lb.tx_packets, PACKETS);
	assert.equal(lb.rx_packets, PACKETS);
	assert.equal(la.tx_packets, PACKETS);
	if (KERNEL) {
		assert.deepEqual(la.user, s.user0[0], 'userspace counters of A moved');
		assert.deepEqual(lb.user, s.user0[1], 'userspace counters of B moved');
		assert.equal(la.kernel.rx_packets, PACKETS);
		assert.equal(lb.kernel.tx_packets, PACKETS);
		assert.equal(la.early_drops + lb.early_drops, 0);
	} else {
		assert.equal(la.user.rx_packets, PACKETS);
		assert.equal(lb.user.tx_packets, PACKETS);
	}
	s.legs = legs;
});

test('wrtcctl -j leg list and stats agree with /api/calls', OPTS, async () => {
	const stats = wrtcctlJson('stats');
	assert.equal(stats.module, KERNEL);
	if (!KERNEL) {
		assert.deepEqual(stats.legs, []);
		assert.throws(() => wrtcctl('leg', 'list'),
			/wrtc\.ko is not loaded/);
		return;
	}
	const list = wrtcctlJson('leg', 'list');
	const legs = await legsOf(s.d, s.c.id);
	assert.equal(list.legs.length, 2, JSON.stringify(list));
	for (const [i, l] of legs.entries()) {
		const k = list.legs.find((x) => x.id === l.kernel.id);
		assert.ok(k, `kernel leg ${l.kernel.id} not listed`);
		assert.equal(k.local, l.local);
		assert.equal(k.remote, l.remote);
		assert.equal(k.peer, legs[1 - i].kernel.id);
		assert.notEqual(k.owner, 0, 'owned by wrtcd\'s socket');
		assert.deepEqual(k.keys.map((x) => `${x.direction}/${x.slot}/${x.profile}`).sort(),
			[`rx/primary/${l.srtp_profile}`, `tx/primary/${l.srtp_profile}`]);
		const st = stats.legs.find((x) => x.id === l.kernel.id);
		for (const c of ['rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes',
			'auth_failures', 'replay_drops']) {
			assert.equal(k.stats[c], l.kernel[c], `leg list ${c}`);
			assert.equal(st[c], l.kernel[c], `stats ${c}`);
		}
	}
	assert.equal(stats.totals.rx_packets, 2 * PACKETS);
	assert.doesNotMatch(JSON.stringify(list), /key":|salt/i);
});

test('the XDP counters classify the call\'s traffic', OPTS, async () => {
	const x = xdpOf(wrtcctlJson('stats'));
	// Both endpoints' packets, as they reached the gateway's devices.
	const rtp = 2 * PACKETS * CHUNK_RTP / (CHUNK_RTP + CHUNK_RTCP);
	const rtcp = 2 * PACKETS - rtp;
	const [na, nb] = [await counts(s.c.A), await counts(s.c.B)];
	const media = KERNEL ? 'redirect' : 'pass';
	assert.equal(count(x, 'stun', 'pass'), na.stun + nb.stun, 'STUN');
	assert.equal(count(x, 'dtls', 'pass'), na.dtls + nb.dtls, 'DTLS');
	assert.equal(count(x, 'rtp', media), rtp, `RTP ${media}`);
	assert.equal(count(x, 'rtcp', media), rtcp, `RTCP ${media}`);
	assert.equal(count(x, 'rtp', KERNEL ? 'pass' : 'redirect'), 0);
	assert.equal(count(x, 'rtcp', KERNEL ? 'pass' : 'redirect'), 0);
	assert.equal(count(x, 'rtp', 'drop') + count(x, 'rtcp', 'drop'), 0);
	assert.equal(count(x, 'other', 'pass') + count(x, 'unparsed', 'pass'), 0);
	assert.equal(reason(x, 'no_module'), KERNEL ? 0 : rtp + rtcp);
});

test('STUN still reaches wrtcd: consent checks are answered', OPTS, async () => {
	const before = (await counts(s.c.A)).stun;
	await s.c.iceA();
	await s.c.iceB();
	const x = xdpOf(wrtcctlJson('stats'));
	const [na, nb] = [await counts(s.c.A), await counts(s.c.B)];
	assert.equal(count(x, 'stun', 'pass'), na.stun + nb.stun);
	assert.ok(na.stun > before);
});

test('tampered and replayed packets are dropped and counted', OPTS, async () => {
	const { A, B } = s.c;
	const t = await A.send('tamper', 5);
	assert.equal(t.count, 10);
	await A.ok('replay 8');
	const r = await B.recv(0, 1000);
	assert.equal(r.good + r.unprotect_failed + r.mismatch, 0, JSON.stringify(r));
	const [la] = await legsOf(s.d, s.c.id);
	assert.equal(la.auth_failures, 10);
	assert.equal(la.replay_drops, 8);
	if (KERNEL) {
		assert.equal(la.kernel.auth_failures, 10);
		assert.equal(la.kernel.replay_drops, 8);
		const x = xdpOf(wrtcctlJson('stats'));
		assert.equal(reason(x, 'auth'), 10);
		assert.equal(reason(x, 'replay'), 8);
		assert.equal(count(x, 'rtp', 'drop'), 18);
	}
	if (KERNEL) {
		// wrtc.ko tells (at most once a second) and wrtcd logs it.
		const deadline = Date.now() + 5000;
		while (!/fail SRTP authentication on the kernel path: 10 so far/.test(s.d.log) &&
			Date.now() < deadline)
			await new Promise((res) => setTimeout(res, 50));
		assert.match(s.d.log, /call \S+: packets from \S+ \(port \d+\) fail SRTP authentication on the kernel path: 10 so far/);
	}
	s.badA = 18;
	// And the call goes on.
	await chunkBothWays('after the bad packets');
});

const onPath = KERNEL ? 'kernel' : 'user';

test(`the endpoint moves to a new port: the call follows it${KERNEL ? ' (back to userspace, then into the kernel on the new 5-tuple)' : ''}, nothing lost`, OPTS, async () => {
	const before = (await legsOf(s.d, s.c.id))[0];
	if (KERNEL) {
		// What moves: streams whose ROC is past 0, both directions.
		const { leg } = wrtcctlJson('leg', 'show', String(before.kernel.id));
		assert.equal(leg.ssrcs.length, 4, JSON.stringify(leg.ssrcs));
		for (const x of leg.ssrcs)
			assert.ok(x.roc >= 1, `SSRC ${x.ssrc} ${x.direction}: ROC ${x.roc}`);
	}
	const port = Number((await s.c.A.ok('rebind')).split(' ')[2]);
	await s.c.iceA();
	const legs = await waitLegs(s.d, s.c.id, (l) => l[0].remote === `10.201.1.2:${port}` &&
		l.every((x) => x.datapath === onPath), `the move to port ${port}`);
	if (KERNEL) {
		assert.notEqual(legs[0].kernel.id, before.kernel.id);
		assert.match(s.d.log, new RegExp(`call ${s.c.id}: media back in userspace: \\S+ moved to 10\\.201\\.1\\.2:${port}\n`));
		const k = wrtcctlJson('leg', 'list').legs.find((x) => x.id === legs[0].kernel.id);
		assert.ok(k, 'the new kernel leg');
		assert.equal(k.remote, `10.201.1.2:${port}`);
		// The counters of the kernel leg before the move are kept.
		assert.ok(legs[0].kernel.rx_packets >= before.kernel.rx_packets);
	}
	await chunkBothWays('after the move');
	const [la, lb] = await legsOf(s.d, s.c.id);
	assert.equal(la.rx_packets, s.sentA + s.badA);
	assert.equal(lb.rx_packets, s.sentB);
	assert.equal(lb.tx_packets, s.sentA);
	assert.equal(la.tx_packets, s.sentB);
});

test(`media the kernel declines (IPv4 options) ${KERNEL ? 'moves the call back to userspace for good' : 'is relayed'}, nothing lost`, OPTS, async () => {
	// Past the stragglers' time after the last handover.
	await new Promise((res) => setTimeout(res, 500));
	// The userspace relay is the slow end here (emulated in the guest):
	// a gentler burst, or the gateway's veth ring (256) overflows.
	await Promise.all([s.c.A.ok('pace 2'), s.c.B.ok('pace 2')]);
	await s.c.A.ok('ipopts on');
	await chunkBothWays('with IPv4 options from A');
	let legs = await legsOf(s.d, s.c.id);
	for (const l of legs)
		assert.equal(l.datapath, 'user');
	if (KERNEL) {
		assert.match(s.d.log, new RegExp(`call ${s.c.id}: media back in userspace: media from \\S+ still reaches wrtcd .*; it stays there`));
		assert.deepEqual(wrtcctlJson('leg', 'list').legs, []);
		const x = xdpOf(wrtcctlJson('stats'));
		assert.ok(reason(x, 'relay_unsupported') > 0);
		assert.equal(legs[0].kernel.id, 0);
	}
	await s.c.A.ok('ipopts off');
	await chunkBothWays('without options again');
	legs = await legsOf(s.d, s.c.id);
	for (const l of legs)
		assert.equal(l.datapath, 'user');
	const [la, lb] = legs;
	assert.equal(la.rx_packets, s.sentA + s.badA);
	assert.equal(lb.rx_packets, s.sentB);
	assert.equal(lb.tx_packets, s.sentA);
	assert.equal(la.tx_packets, s.sentB);
	await Promise.all([s.c.A.ok('pace 8'), s.c.B.ok('pace 8')]);
});

test('hangup deletes the call\'s kernel legs', OPTS, async () => {
	s.c.a.send({ type: 'hangup', to: s.c.wb.id });
	await s.c.b.next('hangup');
	const deadline = Date.now() + 5000;
	while (Date.now() < deadline && (await legsOf(s.d, s.c.id)))
		await new Promise((r) => setTimeout(r, 25));
	assert.equal(await legsOf(s.d, s.c.id), undefined);
	if (KERNEL)
		assert.deepEqual(wrtcctlJson('leg', 'list').legs, []);
	await s.c.close();
});

test('a wrtcd killed with SIGKILL leaves no XDP program or kernel leg; the next one starts clean', OPTS, async () => {
	s.c = await makeCall(s.d, {
		a: { bind: '10.201.1.2', prefix: ['ip', 'netns', 'exec', NS_A], gw: GW_A },
		b: { bind: '10.201.2.2', prefix: ['ip', 'netns', 'exec', NS_B], gw: GW_B },
	});
	if (KERNEL) {
		await waitLegs(s.d, s.c.id, (l) => l.every((x) => x.datapath === 'kernel'), 'kernel path');
		assert.equal(wrtcctlJson('leg', 'list').legs.length, 2);
	}
	xdpOf(wrtcctlJson('stats'));
	s.d.proc.kill('SIGKILL');
	await s.d.exited;
	await s.c.close();
	const deadline = Date.now() + 5000;
	let stats;
	do {
		stats = wrtcctlJson('stats');
		if (!stats.xdp.length && !stats.legs.length)
			break;
		await new Promise((r) => setTimeout(r, 50));
	} while (Date.now() < deadline);
	assert.deepEqual(stats.xdp, [], 'an XDP program outlived wrtcd');
	assert.deepEqual(stats.legs, [], 'a kernel leg outlived wrtcd');
	for (const dev of ['gwa', 'gwb'])
		assert.doesNotMatch(execFileSync('ip', ['-d', 'link', 'show', 'dev', dev],
			{ encoding: 'utf8' }), /xdp|prog\//, dev);
	s.d = await startDaemon(ARGS);
	assert.match(s.d.log, /wrtc_xdp .*on gwa \(native\), gwb \(native\)/);
	xdpOf(wrtcctlJson('stats'));
	const { code } = await s.d.stop();
	assert.equal(code, 0, s.d.log);
	assert.equal(wrtcctlJson('stats').xdp.length, 0, 'detached at exit');
});
