// SPDX-License-Identifier: GPL-2.0
// busy: the call limit and the media port range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
	answerFor, call, getJson, joined, mediaRange, startDaemon, testdata,
} from './helpers.mjs';

const OFFER = testdata('chromium156-offer-max-bundle.sdp');

async function room(d, name, n) {
	const peers = [];
	for (let i = 0; i < n; i++) {
		const [c, w] = await joined(d, name, `p${i}`);
		peers.push({ c, id: w.id });
	}
	return peers;
}

test('--max-calls: one call too many is busy', async () => {
	const d = await startDaemon(['--max-calls', '1']);
	const [p, q, r] = await room(d, 'calls', 3);
	await call(p.c, p.id, q.c, q.id, OFFER, answerFor(OFFER));
	const e = await p.c.request({ type: 'offer', to: r.id, sdp: OFFER }, 'error');
	assert.equal(e.code, 'busy');
	assert.equal(e.ref, 'offer');
	// Renegotiating the existing call is not a new call.
	p.c.send({ type: 'offer', to: q.id, sdp: OFFER });
	await q.c.next('offer');
	// Once it ends, there is room again.
	p.c.send({ type: 'hangup', to: q.id });
	await q.c.next('hangup');
	p.c.send({ type: 'offer', to: r.id, sdp: OFFER });
	await r.c.next('offer');
	await Promise.all([p, q, r].map((x) => x.c.close()));
	assert.equal((await d.stop()).code, 0);
});

test('a used-up port range is busy; ports come back after hangup', async () => {
	// Three ports: one call (two legs) fits, a second does not.
	const d = await startDaemon([], { ports: mediaRange(3) });
	const [p, q, r] = await room(d, 'ports', 3);
	await call(p.c, p.id, q.c, q.id, OFFER, answerFor(OFFER));
	const e = await r.c.request({ type: 'offer', to: p.id, sdp: OFFER }, 'error');
	assert.equal(e.code, 'busy');
	assert.equal(e.ref, 'offer');
	p.c.send({ type: 'hangup', to: q.id });
	await q.c.next('hangup');
	r.c.send({ type: 'offer', to: p.id, sdp: OFFER });
	await p.c.next('offer');
	const { body } = await getJson(d, '/api/calls');
	assert.equal(body.calls.length, 1);
	await Promise.all([p, q, r].map((x) => x.c.close()));
	assert.equal((await d.stop()).code, 0);
});

test('a peer that does not read is disconnected, and only that peer', async () => {
	const d = await startDaemon();
	try {
		const [p, q, r] = await room(d, 'slow', 3);
		q.c.ws._socket.pause(); // q stops reading its socket
		// Offers to q pile up in the gateway once the kernel's buffers
		// are full; past 1 MiB queued, q is dropped.
		for (let i = 0; i < 3000 && !/does not read/.test(d.log); i++) {
			p.c.send({ type: 'offer', to: q.id, sdp: OFFER });
			if (i % 100 === 99)
				await new Promise((res) => setTimeout(res, 20));
		}
		assert.deepEqual(await p.c.next('peer-left', 10000), { type: 'peer-left', id: q.id });
		assert.match(d.log, new RegExp(`peer ${q.id} does not read its messages`));
		assert.deepEqual(await r.c.next('peer-left'), { type: 'peer-left', id: q.id });
		// p and r carry on.
		await call(p.c, p.id, r.c, r.id, OFFER, answerFor(OFFER));
		await Promise.all([p.c.close(), r.c.close()]);
		q.c.ws.terminate();
	} finally {
		assert.equal((await d.stop()).code, 0);
	}
});
