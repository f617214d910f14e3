// SPDX-License-Identifier: GPL-2.0
// Calls: offer and answer forwarded with SDP anchored at the gateway,
// renegotiation, candidates, hangup, and calls ending with their peers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	answerFor, call, gatewayFingerprint, getJson, joined, mediaPart,
	sdpLines, startDaemon, testdata,
} from './helpers.mjs';

let d;
before(async () => { d = await startDaemon(); });
after(async () => { assert.equal((await d.stop()).code, 0); });

const OFFERS = ['chromium156-offer-default-bundle.sdp',
	'chromium156-offer-max-bundle.sdp'];

async function pair(room) {
	const [a, wa] = await joined(d, room, 'alice');
	const [b, wb] = await joined(d, room, 'bob');
	await a.next('peer-joined');
	return { a, b, aId: wa.id, bId: wb.id };
}

async function calls() {
	const { status, body } = await getJson(d, '/api/calls');
	assert.equal(status, 200);
	return body.calls;
}

// The rewritten SDP points at the gateway only (SIGNALING.md).
function assertAnchored(sdp, sent, port) {
	const lines = sdpLines(sdp);
	const sentLines = sdpLines(sent);
	const firstM = lines.findIndex((l) => l.startsWith('m='));
	assert.ok(lines.slice(0, firstM).includes('a=ice-lite'), 'session a=ice-lite');

	const fp = 'a=fingerprint:' + gatewayFingerprint(d);
	const fps = lines.filter((l) => l.startsWith('a=fingerprint:'));
	assert.ok(fps.length >= 1);
	for (const l of fps)
		assert.equal(l, fp);
	for (const l of sentLines.filter((x) => /^a=(fingerprint|ice-ufrag|ice-pwd):/.test(x)))
		assert.ok(!lines.includes(l), `sender's ${l} leaked`);

	const cands = lines.filter((l) => l.startsWith('a=candidate:'));
	assert.ok(cands.length >= 1);
	for (const c of cands) {
		const f = c.split(' ');
		assert.equal(f[2].toLowerCase(), 'udp');
		assert.equal(f[4], '127.0.0.1');
		assert.equal(Number(f[5]), port);
		assert.equal(f[7], 'host');
	}
	assert.ok(lines.includes('a=end-of-candidates'));
	for (const l of lines.filter((x) => x.startsWith('m=')))
		assert.equal(Number(l.split(' ')[1]), port);
	for (const l of lines.filter((x) => x.startsWith('c=')))
		assert.equal(l, 'c=IN IP4 127.0.0.1');
	// Media descriptions pass through unchanged, in order.
	assert.deepEqual(mediaPart(sdp).filter((l) => l !== 'a=ice-lite'),
		mediaPart(sent));
}

function attr(sdp, name) {
	const l = sdpLines(sdp).find((x) => x.startsWith(`a=${name}:`));
	return l && l.slice(name.length + 3);
}

for (const file of OFFERS) {
	test(`offer and answer are anchored at the gateway (${file})`, async () => {
		const { a, b, aId, bId } = await pair(`anchor-${file.length}`);
		const sent = testdata(file);
		const reply = answerFor(sent);
		const { offer, answer } = await call(a, aId, b, bId, sent, reply);
		assert.equal(offer.from, aId);
		assert.equal(answer.from, bId);

		const [c] = await calls();
		const legA = c.legs.find((l) => l.peer === aId);
		const legB = c.legs.find((l) => l.peer === bId);
		const portA = Number(legA.local.split(':')[1]);
		const portB = Number(legB.local.split(':')[1]);
		assert.ok(portA >= d.lo && portA <= d.hi && portB >= d.lo && portB <= d.hi);
		assert.notEqual(portA, portB);

		assertAnchored(offer.sdp, sent, portB);
		assertAnchored(answer.sdp, reply, portA);
		// Each peer gets its own leg's credentials.
		assert.notEqual(attr(offer.sdp, 'ice-ufrag'), attr(answer.sdp, 'ice-ufrag'));
		assert.ok(attr(offer.sdp, 'ice-ufrag').length >= 4);
		assert.ok(attr(offer.sdp, 'ice-pwd').length >= 22);
		// The gateway offers actpass and, answering an actpass, is the server.
		assert.equal(attr(offer.sdp, 'setup'), 'actpass');
		assert.equal(attr(answer.sdp, 'setup'), 'passive');
		assert.equal(legA.role, 'server');
		assert.equal(legB.role, 'server');
		assert.equal(c.state, 'active');

		a.send({ type: 'hangup', to: bId });
		assert.deepEqual(await b.next('hangup'), { type: 'hangup', from: aId });
		assert.deepEqual(await calls(), []);
		await Promise.all([a.close(), b.close()]);
	});
}

test('/api/calls has the SIGNALING.md shape', async () => {
	const { a, b, aId, bId } = await pair('shape');
	a.send({ type: 'offer', to: bId, sdp: testdata(OFFERS[0]) });
	await b.next('offer');
	const list = await calls();
	assert.equal(list.length, 1);
	const c = list[0];
	assert.deepEqual(Object.keys(c), ['id', 'room', 'state', 'legs']);
	assert.equal(typeof c.id, 'string');
	assert.equal(c.room, 'shape');
	assert.equal(c.state, 'offered');
	assert.equal(c.legs.length, 2);
	assert.deepEqual(c.legs.map((l) => l.peer).sort(), [aId, bId].sort());
	for (const l of c.legs) {
		// The documented members, in SIGNALING.md's order, then only
		// wrtcd's extra drop counters (README "/api/calls"), all 0 here,
		// and each data path's own counters (no kernel leg here).
		const documented = ['peer', 'local', 'remote', 'ice', 'dtls',
			'role', 'srtp_profile', 'datapath', 'rx_packets', 'rx_bytes',
			'tx_packets', 'tx_bytes', 'auth_failures', 'replay_drops'];
		const extra = ['unexpected_source', 'early_drops', 'srtp_errors',
			'send_drops', 'dropped'];
		const keys = Object.keys(l);
		assert.deepEqual(keys.slice(0, documented.length), documented);
		assert.deepEqual(keys.slice(documented.length), [...extra, 'kernel', 'user']);
		for (const k of extra)
			assert.equal(l[k], 0, k);
		assert.equal(l.kernel, null);
		assert.deepEqual(l.user, { rx_packets: 0, rx_bytes: 0, tx_packets: 0,
			tx_bytes: 0, auth_failures: 0, replay_drops: 0 });
		assert.match(l.local, /^127\.0\.0\.1:\d+$/);
		assert.equal(l.remote, null); // ICE has not nominated anything
		assert.equal(l.ice, 'new');
		assert.equal(l.datapath, 'user');
		for (const k of ['rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes',
			'auth_failures', 'replay_drops'])
			assert.equal(l[k], 0);
	}
	await Promise.all([a.close(), b.close()]);
});

test('renegotiation reuses the call, its legs and its ICE credentials', async () => {
	const { a, b, aId, bId } = await pair('reneg');
	const sent = testdata(OFFERS[0]);
	const first = await call(a, aId, b, bId, sent, answerFor(sent));
	const [c1] = await calls();

	const again = await call(a, aId, b, bId, sent, answerFor(sent));
	let list = await calls();
	assert.equal(list.length, 1);
	assert.equal(list[0].id, c1.id);
	assert.deepEqual(list[0].legs.map((l) => l.local), c1.legs.map((l) => l.local));
	assert.equal(attr(again.offer.sdp, 'ice-ufrag'), attr(first.offer.sdp, 'ice-ufrag'));
	assert.equal(attr(again.answer.sdp, 'ice-ufrag'), attr(first.answer.sdp, 'ice-ufrag'));

	// The other direction is the same call too.
	const back = await call(b, bId, a, aId, answerFor(sent, 'Cc').replace(
		/a=setup:active/g, 'a=setup:actpass'), sent.replace(/a=setup:actpass/g, 'a=setup:active'));
	assert.equal(back.offer.from, bId);
	list = await calls();
	assert.equal(list.length, 1);
	assert.equal(list[0].id, c1.id);
	// B's re-offer restarts ICE (its ufrag is new, 'Cc...'): B's leg gets
	// fresh credentials in the answer B receives; A's leg keeps its own.
	assert.notEqual(attr(back.answer.sdp, 'ice-ufrag'), attr(first.offer.sdp, 'ice-ufrag'));
	assert.equal(attr(back.offer.sdp, 'ice-ufrag'), attr(first.answer.sdp, 'ice-ufrag'));
	await Promise.all([a.close(), b.close()]);
});

test('an offerer that says passive makes the gateway the DTLS client', async () => {
	const { a, b, aId, bId } = await pair('passive');
	const sent = testdata(OFFERS[0]).replace(/a=setup:actpass/g, 'a=setup:passive');
	const { answer } = await call(a, aId, b, bId, sent, answerFor(sent));
	assert.equal(attr(answer.sdp, 'setup'), 'active');
	const [c] = await calls();
	assert.equal(c.legs.find((l) => l.peer === aId).role, 'client');
	await Promise.all([a.close(), b.close()]);
});

test('candidates are not forwarded (the gateway is ICE-lite)', async () => {
	const { a, b, bId } = await pair('cand');
	a.send({ type: 'candidate', to: bId, candidate: {
		candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host',
		sdpMid: '0', sdpMLineIndex: 0 } });
	assert.ok(await b.quiet(200));
	assert.ok(await a.quiet(0)); // and no error either
	await Promise.all([a.close(), b.close()]);
});

test('an answer with no offer waiting is refused', async () => {
	const { a, b, aId } = await pair('noanswer');
	const e = await b.request({ type: 'answer', to: aId,
		sdp: answerFor(testdata(OFFERS[0])) }, 'error');
	assert.equal(e.code, 'bad-message');
	assert.equal(e.ref, 'answer');
	assert.ok(await a.quiet(100));
	await Promise.all([a.close(), b.close()]);
});

test('hangup reaches the other peer even without a call', async () => {
	const { a, b, aId, bId } = await pair('hang');
	a.send({ type: 'hangup', to: bId });
	assert.deepEqual(await b.next('hangup'), { type: 'hangup', from: aId });
	await Promise.all([a.close(), b.close()]);
});

for (const how of ['leave', 'close']) {
	test(`a peer that goes (${how}) takes its calls down`, async () => {
		const { a, b, aId, bId } = await pair(`gone-${how}`);
		const [c, wc] = await joined(d, `gone-${how}`, 'carol');
		await a.next('peer-joined');
		await b.next('peer-joined');
		const sent = testdata(OFFERS[1]);
		await call(a, aId, b, bId, sent, answerFor(sent));
		await call(a, aId, c, wc.id, sent, answerFor(sent));
		assert.equal((await calls()).length, 2);

		if (how === 'leave')
			a.send({ type: 'leave' });
		else
			await a.close();
		for (const o of [b, c]) {
			assert.deepEqual(await o.next('hangup'), { type: 'hangup', from: aId });
			assert.deepEqual(await o.next('peer-left'), { type: 'peer-left', id: aId });
		}
		assert.deepEqual(await calls(), []);
		// b and c stay connected and can still call each other.
		await call(b, bId, c, wc.id, sent, answerFor(sent));
		assert.equal((await calls()).length, 1);
		await Promise.all([a.close(), b.close(), c.close()]);
		assert.deepEqual(await calls(), []);
	});
}
