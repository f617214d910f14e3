// SPDX-License-Identifier: GPL-2.0
// DTLS-SRTP and the userspace relay of wrtcd, with two scripted endpoints
// (build/tests/relay/dtls_peer: ICE, DTLS with lib/dtls.h, SRTP with
// libsrtp2) instead of browsers: what one endpoint protects, the other
// unprotects with its own keys to the same payload; /api/calls counts it;
// tampered, replayed and misdirected packets are dropped and counted; a
// fingerprint mismatch ends that call only.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { fdCount, getJson, startDaemon } from '../signaling/helpers.mjs';
import { legsOf, makeCall, waitLegs } from './endpoint.mjs';

const N_RTP = 100; // per SSRC, two SSRCs per endpoint
const N_RTCP = 20;
const PER_SEND = 2 * (N_RTP + N_RTCP);

// A sends, B receives and checks every packet; returns what A sent.
async function relayOneWay(from, to) {
	const sent = await from.send('send', N_RTP, N_RTCP);
	assert.equal(sent.count, PER_SEND);
	const got = await to.recv(PER_SEND, 5000);
	assert.deepEqual(got, {
		good: PER_SEND, rtp: 2 * N_RTP, rtcp: 2 * N_RTCP,
		unprotect_failed: 0, mismatch: 0, bytes: got.bytes,
	});
	return { sent, got };
}

// Run @fn(d, calls) against a wrtcd of its own started with @args; the
// calls @fn pushes to @calls and the daemon are always taken down, and a
// failure shows the daemon's log.
async function withDaemon(args, fn) {
	const d = await startDaemon(args);
	const calls = [];
	let failed = false;
	try {
		await fn(d, calls);
	} catch (e) {
		failed = true;
		e.message += `\n--- wrtcd log ---\n${d.log}`;
		throw e;
	} finally {
		for (const c of calls)
			await c.close();
		const { code } = await d.stop();
		// A clean exit: no crash, no sanitizer report (WRTCD= a build
		// with ASan) after all that.
		if (!failed)
			assert.equal(code, 0, `wrtcd exit status\n${d.log}`);
	}
}

const OPTS = { timeout: 30000 };

const runs = [
	{ profile: 'AEAD_AES_128_GCM', bSetup: 'active', roleB: 'server' },
	{ profile: 'AES_CM_128_HMAC_SHA1_80', bSetup: 'passive', roleB: 'client' },
];

for (const { profile, bSetup, roleB } of runs) {
	test(`${profile}: SRTP and SRTCP relayed both ways, counted, bad packets dropped (gateway DTLS ${roleB} on B)`, OPTS, () => withDaemon(['--srtp-profiles', profile], async (d, calls) => {
		const c = await makeCall(d, { bSetup });
		calls.push(c);
		assert.equal(c.profileA, profile);
		assert.equal(c.profileB, profile);
		let legs = await legsOf(d, c.id);
		for (const [leg, role] of [[legs[0], 'server'], [legs[1], roleB]]) {
			assert.equal(leg.dtls, 'connected');
			assert.equal(leg.role, role);
			assert.equal(leg.srtp_profile, profile);
			assert.equal(leg.ice, 'completed');
			assert.equal(leg.datapath, 'user');
		}

		const ab = await relayOneWay(c.A, c.B);
		const ba = await relayOneWay(c.B, c.A);
		legs = await waitLegs(d, c.id, (l) => l[0].tx_packets === PER_SEND &&
			l[1].tx_packets === PER_SEND, 'tx counters');
		const [la, lb] = legs;
		assert.equal(la.rx_packets, PER_SEND);
		assert.equal(lb.rx_packets, PER_SEND);
		// Bytes as the endpoints counted them on the wire; the same
		// profile on both legs keeps every packet's size.
		assert.equal(la.rx_bytes, ab.sent.bytes);
		assert.equal(lb.tx_bytes, ab.got.bytes);
		assert.equal(lb.tx_bytes, ab.sent.bytes);
		assert.equal(lb.rx_bytes, ba.sent.bytes);
		assert.equal(la.tx_bytes, ba.got.bytes);
		for (const l of legs) {
			assert.equal(l.auth_failures, 0);
			assert.equal(l.replay_drops, 0);
			assert.equal(l.unexpected_source, 0);
			assert.equal(l.early_drops, 0);
			assert.equal(l.srtp_errors, 0);
		}

		// Tampered tags: authentication fails, nothing goes on.
		const t = await c.A.send('tamper', 3);
		assert.equal(t.count, 6);
		await waitLegs(d, c.id, (l) => l[0].auth_failures === 6, 'auth_failures');
		// The last 10 genuine packets again: replays.
		await c.A.ok('replay 10');
		await waitLegs(d, c.id, (l) => l[0].replay_drops === 10, 'replay_drops');
		// Valid SRTP, but from an address ICE never nominated.
		const s = await c.A.send('stray', 2);
		assert.equal(s.count, 4);
		// And anything else from a third socket, DTLS-looking too.
		const sock = dgram.createSocket('udp4');
		for (const first of [0x80, 0x80, 0x16])
			await new Promise((r) => sock.send(Buffer.from([first, 0x60, 1, 2, 3, 4, 5, 6,
				7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), c.gwA.port, '127.0.0.1', r));
		sock.close();
		legs = await waitLegs(d, c.id, (l) => l[0].unexpected_source === 7,
			'unexpected_source');
		// Tampered and replayed packets came from the endpoint (rx);
		// strays did not.
		assert.equal(legs[0].rx_packets, PER_SEND + 6 + 10);
		assert.equal(legs[0].auth_failures, 6);
		assert.equal(legs[0].replay_drops, 10);
		assert.equal(legs[1].tx_packets, PER_SEND);
		// B saw none of them...
		const none = await c.B.recv(0, 300);
		assert.equal(none.good + none.unprotect_failed + none.mismatch, 0);
		// ...and the call still relays.
		await relayOneWay(c.A, c.B);
		legs = await waitLegs(d, c.id, (l) => l[1].tx_packets === 2 * PER_SEND,
			'relay after the bad packets');
		assert.equal(legs[0].rx_packets, 2 * PER_SEND + 16);
	}));
}

test('media before both legs are DTLS-connected is dropped and counted; different profiles per leg', OPTS, () => withDaemon([], async (d, calls) => {
	const c = await makeCall(d, {
		dtls: false,
		aProfiles: 'AES_CM_128_HMAC_SHA1_80',
		bProfiles: 'AEAD_AES_256_GCM',
	});
	calls.push(c);
	assert.match(await c.dtlsA(), /^ok dtls AES_CM_128_HMAC_SHA1_80 sent=\d+$/);
	await waitLegs(d, c.id, (l) => l[0].dtls === 'connected', 'A connected');
	let legs = await legsOf(d, c.id);
	assert.equal(legs[1].dtls, 'new');
	assert.equal(legs[1].srtp_profile, null);
	const early = await c.A.send('send', 5, 1);
	legs = await waitLegs(d, c.id, (l) => l[0].early_drops === early.count,
		'early_drops');
	assert.equal(legs[0].rx_packets, early.count);
	assert.equal(legs[1].tx_packets, 0);

	assert.match(await c.dtlsB(), /^ok dtls AEAD_AES_256_GCM sent=\d+$/);
	legs = await waitLegs(d, c.id, (l) => l[1].dtls === 'connected', 'B connected');
	assert.equal(legs[0].srtp_profile, 'AES_CM_128_HMAC_SHA1_80');
	assert.equal(legs[1].srtp_profile, 'AEAD_AES_256_GCM');
	// CM-80 in, GCM out and back: re-encrypted, not passed through.
	await relayOneWay(c.A, c.B);
	await relayOneWay(c.B, c.A);
	legs = await waitLegs(d, c.id, (l) => l[0].tx_packets === PER_SEND &&
		l[1].tx_packets === PER_SEND, 'tx counters');
	assert.equal(legs[0].rx_packets, PER_SEND + early.count);
	assert.equal(legs[0].early_drops, early.count);
}));

test('a fingerprint mismatch fails that call cleanly; the other call keeps relaying', OPTS, () => withDaemon([], async (d, calls) => {
	const good = await makeCall(d, {});
	calls.push(good);
	await relayOneWay(good.A, good.B);
	// B's answer claims a certificate B does not have: as DTLS client (the
	// gateway, as server, checks B's certificate) and as DTLS server (the
	// gateway, as client, checks it).
	for (const bSetup of ['active', 'passive']) {
		const c = await makeCall(d, { dtls: false, bSetup, bWrongFingerprint: true });
		calls.push(c);
		assert.match(await c.dtlsA(), /^ok dtls /); // A's side is fine
		const rb = await c.dtlsB();
		assert.match(rb, /^error dtls/, `B (${bSetup}): ${rb}`);
		const [ha, hb] = await Promise.all([c.a.next('hangup'), c.b.next('hangup')]);
		assert.equal(ha.from, c.wb.id);
		assert.equal(hb.from, c.wa.id);
		assert.equal(await legsOf(d, c.id), undefined, 'the call is gone');
	}
	assert.equal((d.log.match(/fingerprint mismatch/g) || []).length, 2);
	const legs = await legsOf(d, good.id);
	assert.ok(legs.every((l) => l.dtls === 'connected'));
	await relayOneWay(good.A, good.B);
	await relayOneWay(good.B, good.A);
	await waitLegs(d, good.id, (l) => l[1].tx_packets === 2 * PER_SEND &&
		l[0].tx_packets === PER_SEND, 'the good call relays');
}));

test('a ClientHello before the endpoint\'s answer: checked once the answer comes', OPTS, () => withDaemon([], async (d, calls) => {
	// With the right fingerprint: connected once the answer is there.
	const c = await makeCall(d, { dtls: false, dtlsBeforeAnswer: true });
	calls.push(c);
	assert.match(await c.earlyB, /^ok dtls /);
	await c.iceA();
	assert.match(await c.dtlsA(), /^ok dtls /);
	await waitLegs(d, c.id, (l) => l.every((x) => x.dtls === 'connected'),
		'both legs connected');
	await relayOneWay(c.B, c.A);
	await relayOneWay(c.A, c.B);

	// With a wrong one: B's handshake went through, but the gateway
	// finds out with the answer and ends the call.
	const w = await makeCall(d, { dtls: false, dtlsBeforeAnswer: true,
		bWrongFingerprint: true });
	calls.push(w);
	await w.earlyB;
	const [ha, hb] = await Promise.all([w.a.next('hangup'), w.b.next('hangup')]);
	assert.equal(ha.from, w.wb.id);
	assert.equal(hb.from, w.wa.id);
	assert.equal(await legsOf(d, w.id), undefined, 'the call is gone');
	assert.match(d.log, /fingerprint mismatch/);
	await relayOneWay(c.A, c.B); // the first call goes on
}));

test('calls with DTLS and media, ended every way, leave no fd behind; SIGTERM with a call up exits 0', OPTS, async () => {
	const d = await startDaemon([]);
	try {
		await getJson(d, '/api/calls'); // the HTTP path once, before counting
		const before = fdCount(d.proc.pid);
		for (let i = 0; i < 16; i++) {
			const mode = i % 4;
			const c = await makeCall(d, { dtls: mode !== 3, bWrongFingerprint: mode === 3 });
			if (mode === 3) { // DTLS fails: the gateway ends the call
				await c.dtlsA();
				assert.match(await c.dtlsB(), /^error dtls/);
				await Promise.all([c.a.next('hangup'), c.b.next('hangup')]);
			} else {
				await c.A.send('send', 2, 1);
				assert.equal((await c.B.recv(6, 3000)).good, 6);
			}
			if (mode === 0) { // hangup
				c.a.send({ type: 'hangup', to: c.wb.id });
				await c.b.next('hangup');
			} else if (mode === 1) { // leave
				c.b.send({ type: 'leave' });
				await c.a.next('hangup');
			} // mode 2: the sockets close with the call up
			await c.close();
		}
		const deadline = Date.now() + 5000;
		let left, fds;
		do {
			await new Promise((r) => setTimeout(r, 50));
			left = (await getJson(d, '/api/calls')).body.calls;
			fds = fdCount(d.proc.pid);
		} while ((left.length || fds > before) && Date.now() < deadline);
		assert.deepEqual(left, []);
		assert.ok(fds <= before, `fds: ${before} before, ${fds} after`);

		// Shutdown with DTLS connected and media flowing.
		const c = await makeCall(d, {});
		await c.A.send('send', 2, 1);
		const { code, signal } = await d.stop();
		assert.equal(signal, null);
		assert.equal(code, 0, d.log);
		await c.close();
	} catch (e) {
		e.message += `\n--- wrtcd log ---\n${d.log}`;
		throw e;
	} finally {
		await d.stop();
	}
});
