// SPDX-License-Identifier: GPL-2.0
// Every error code of SIGNALING.md, with its "ref", and that an error
// never costs the sender (or anyone else) its session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	answerFor, Client, joined, sdpWithout, startDaemon, testdata,
} from './helpers.mjs';

let d, a, b, aId, bId;
before(async () => {
	d = await startDaemon();
	let w;
	[a, w] = await joined(d, 'errors', 'alice');
	aId = w.id;
	[b, w] = await joined(d, 'errors', 'bob');
	bId = w.id;
	await a.next('peer-joined');
});
after(async () => {
	await Promise.all([a.close(), b.close()]);
	assert.equal((await d.stop()).code, 0);
});

const OFFER = testdata('chromium156-offer-default-bundle.sdp');

// @c sends @msg and gets error @code with ref @ref; b hears nothing.
async function expectError(c, msg, code, ref) {
	const e = await c.request(msg, 'error');
	assert.equal(e.type, 'error');
	assert.equal(e.code, code, e.message);
	assert.equal(e.ref, ref);
	assert.equal(typeof e.message, 'string');
	assert.ok(e.message.length > 0);
	return e;
}

// The session still works: a round trip through the gateway.
async function stillWorks(c = a) {
	const peer = c === a ? b : a;
	c.send({ type: 'hangup', to: c === a ? bId : aId });
	await peer.next('hangup');
}

test('invalid JSON is bad-json', async () => {
	for (const text of ['{', 'nope', '{"type":"join",}', '', '\u00ff\u00fe'])
		await expectError(a, text, 'bad-json', '');
	await stillWorks();
});

test('a missing or unknown type is bad-message', async () => {
	await expectError(a, '[1,2]', 'bad-message', '');
	await expectError(a, '"join"', 'bad-message', '');
	await expectError(a, { room: 'x' }, 'bad-message', '');
	await expectError(a, { type: 7 }, 'bad-message', '');
	await expectError(a, { type: 'dance' }, 'bad-message', 'dance');
	await stillWorks();
});

test('frames over 64 KiB get an error, and nobody is disconnected', async () => {
	const big = JSON.stringify({ type: 'join', room: 'x', pad: 'x'.repeat(65 * 1024) });
	await expectError(a, big, 'bad-message', '');
	await expectError(a, 'y'.repeat(1024 * 1024), 'bad-message', '');
	await stillWorks(a);
	await stillWorks(b);
});

test('exactly 64 KiB is still read', async () => {
	const base = JSON.stringify({ type: 'candidate', to: 'P999999', candidate: {}, pad: '' });
	const msg = base.replace('"pad":""', `"pad":"${'x'.repeat(65536 - base.length)}"`);
	assert.equal(Buffer.byteLength(msg), 65536);
	await expectError(a, msg, 'unknown-peer', 'candidate');
});

test('fragmented frames are reassembled, up to the limit', async () => {
	const msg = JSON.stringify({ type: 'hangup', to: bId, pad: 'z'.repeat(30000) });
	const third = Math.ceil(msg.length / 3);
	a.ws.send(msg.slice(0, third), { fin: false });
	a.ws.send(msg.slice(third, 2 * third), { fin: false });
	a.ws.send(msg.slice(2 * third), { fin: true });
	assert.deepEqual(await b.next('hangup'), { type: 'hangup', from: aId });

	for (let i = 0; i < 4; i++)
		a.ws.send('w'.repeat(20000), { fin: false });
	a.ws.send('}', { fin: true });
	const e = await a.next('error');
	assert.equal(e.code, 'bad-message');
	await stillWorks();
});

test('binary frames are bad-message', async () => {
	a.ws.send(Buffer.from(JSON.stringify({ type: 'leave' })), { binary: true });
	const e = await a.next('error');
	assert.equal(e.code, 'bad-message');
	assert.equal(e.ref, '');
	await stillWorks();
});

test('messages to peers: not-in-room, unknown-peer, bad-message', async () => {
	const lone = await Client.open(d);
	for (const type of ['offer', 'answer', 'candidate', 'hangup'])
		await expectError(lone, { type, to: aId, sdp: OFFER, candidate: {} },
			'not-in-room', type);
	await lone.close();

	for (const type of ['offer', 'answer', 'candidate', 'hangup']) {
		await expectError(a, { type, to: 'P999999', sdp: OFFER, candidate: {} },
			'unknown-peer', type);
		await expectError(a, { type, sdp: OFFER, candidate: {} },
			'bad-message', type);
		await expectError(a, { type, to: aId, sdp: OFFER, candidate: {} },
			'bad-message', type);
	}
	// A peer of another room is unknown here.
	const [other, wo] = await joined(d, 'elsewhere', 'o');
	await expectError(a, { type: 'offer', to: wo.id, sdp: OFFER }, 'unknown-peer', 'offer');
	await other.close();
	await expectError(a, { type: 'candidate', to: bId, candidate: 'x' }, 'bad-message', 'candidate');
	await expectError(a, { type: 'offer', to: bId }, 'bad-message', 'offer');
	await expectError(a, { type: 'offer', to: bId, sdp: 42 }, 'bad-message', 'offer');
	assert.ok(await b.quiet(100));
});

test('SDP the gateway cannot parse is bad-sdp', async () => {
	await expectError(a, { type: 'offer', to: bId, sdp: 'hello' }, 'bad-sdp', 'offer');
	await expectError(a, { type: 'offer', to: bId, sdp: OFFER.replace('v=0', 'v=1') }, 'bad-sdp', 'offer');
	await expectError(a, { type: 'offer', to: bId,
		sdp: OFFER.replace(/a=fingerprint:sha-256 \S+/, 'a=fingerprint:sha-256 ZZ') }, 'bad-sdp', 'offer');
	assert.ok(await b.quiet(100));
});

test('SDP without a DTLS fingerprint or rtcp-mux is unsupported', async () => {
	const noFp = sdpWithout(OFFER, /^a=fingerprint:/);
	const noMux = sdpWithout(OFFER, /^a=rtcp-mux$/);
	const e1 = await expectError(a, { type: 'offer', to: bId, sdp: noFp }, 'unsupported', 'offer');
	assert.match(e1.message, /fingerprint/);
	const e2 = await expectError(a, { type: 'offer', to: bId, sdp: noMux }, 'unsupported', 'offer');
	assert.match(e2.message, /rtcp-mux/);
	assert.ok(await b.quiet(100));

	// The same for answers, once an offer waits for one.
	a.send({ type: 'offer', to: bId, sdp: OFFER });
	await b.next('offer');
	const answer = answerFor(OFFER);
	await expectError(b, { type: 'answer', to: aId, sdp: sdpWithout(answer, /^a=fingerprint:/) },
		'unsupported', 'answer');
	await expectError(b, { type: 'answer', to: aId, sdp: sdpWithout(answer, /^a=rtcp-mux$/) },
		'unsupported', 'answer');
	await expectError(b, { type: 'answer', to: aId, sdp: 'v=0' }, 'bad-sdp', 'answer');
	// The offer still waits, and a good answer goes through.
	b.send({ type: 'answer', to: aId, sdp: answer });
	assert.equal((await a.next('answer')).from, bId);
	await stillWorks();
});
