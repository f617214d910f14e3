// SPDX-License-Identifier: GPL-2.0
// ICE consent freshness (RFC 7675) with --consent-timeout 2: checks keep a
// call up; when they stop, or never come, the call is torn down and both
// peers get a hangup. No timing is asserted beyond generous deadlines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDaemon } from '../signaling/helpers.mjs';
import {
	B_UFRAG, calls, check, legOf, offerFrom, pair, setupCall, until,
} from './ice.mjs';
import { BINDING_SUCCESS, StunClient } from './stun.mjs';

const TIMEOUT_S = 2;
// Expiry is noticed within timeout * 1.25; leave room for a slow machine.
const DEADLINE_MS = 15000;

let d;
before(async () => { d = await startDaemon(['--consent-timeout', String(TIMEOUT_S)]); });
after(async () => { assert.equal((await d.stop()).code, 0); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function gone(callId) {
	return until(async () => !(await calls(d)).some((c) => c.id === callId),
		DEADLINE_MS, `call ${callId} torn down`);
}

test('checks keep consent; when they stop, the call ends with a hangup to both', async () => {
	const { a, b, aId, bId, gwA, gwB } = await setupCall(d, 'fresh');
	const [call] = await calls(d);
	const ca = await StunClient.open();
	const cb = await StunClient.open();
	// Both endpoints check every 250 ms for well past the timeout.
	const until_ = Date.now() + (TIMEOUT_S + 1.5) * 1000;
	while (Date.now() < until_) {
		const [ra, rb] = await Promise.all([
			ca.request(check(gwA, { useCandidate: true }), gwA.port),
			cb.request(check(gwB, { ufrag: B_UFRAG, useCandidate: true }), gwB.port),
		]);
		assert.equal(ra.type, BINDING_SUCCESS);
		assert.equal(rb.type, BINDING_SUCCESS);
		await sleep(250);
	}
	assert.equal((await legOf(d, aId)).ice, 'completed');
	assert.equal((await legOf(d, bId)).ice, 'completed');
	assert.equal(a.queue.length + b.queue.length, 0, 'no hangup while checks flow');

	// The checks stop.
	await Promise.all([ca.close(), cb.close()]);
	await gone(call.id);
	assert.deepEqual(await a.next('hangup', DEADLINE_MS), { type: 'hangup', from: bId });
	assert.deepEqual(await b.next('hangup', DEADLINE_MS), { type: 'hangup', from: aId });
	assert.match(d.log, new RegExp(`call ${call.id}: ICE consent expired .*ICE disconnected`));
	await Promise.all([a.close(), b.close()]);
});

test('a call that never gets a check fails after the timeout; an unanswered one waits', async () => {
	// An offer nobody answers: the consent clock does not run yet.
	const w = await pair(d, 'waiting');
	w.a.send({ type: 'offer', to: w.bId, sdp: offerFrom() });
	await w.b.next('offer');
	const [waiting] = await calls(d);

	const { a, b, aId, bId } = await setupCall(d, 'silent');
	const silent = (await calls(d)).find((c) => c.id !== waiting.id);
	assert.equal((await legOf(d, aId)).ice, 'checking');
	await gone(silent.id);
	assert.deepEqual(await a.next('hangup', DEADLINE_MS), { type: 'hangup', from: bId });
	assert.deepEqual(await b.next('hangup', DEADLINE_MS), { type: 'hangup', from: aId });
	assert.match(d.log, new RegExp(`call ${silent.id}: ICE consent expired .*ICE failed`));

	// The unanswered call is older than the one that just expired.
	await sleep(500);
	const still = (await calls(d)).find((c) => c.id === waiting.id);
	assert.ok(still, 'an unanswered call is not ended by ICE');
	assert.equal(still.state, 'offered');
	assert.ok(still.legs.every((l) => l.ice === 'new'));
	assert.ok(await w.a.quiet(0, 'hangup'));
	await Promise.all([a.close(), b.close(), w.a.close(), w.b.close()]);
});
