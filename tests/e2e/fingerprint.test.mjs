// SPDX-License-Identifier: GPL-2.0
// A tampered fingerprint: bob answers alice with one hex digit of his
// a=fingerprint changed in the text sent to wrtcd (his browser keeps its
// real certificate), so the gateway must refuse his DTLS handshake. That
// call fails cleanly, both ends are told, wrtcd keeps running, and another
// call in the same room (carol and dave) keeps its video going.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { placeCall, waitFor, withGateway } from './browser.mjs';
import {
	apiCalls, findCall, fingerprints, waitForLegs, waitForMedia,
} from './checks.mjs';
import { createNetns, preflight } from './netns.mjs';

let ns;
before(() => {
	preflight();
	ns = createNetns();
});
after(() => ns?.remove());

// Hex digits that differ between two fingerprints of the same length.
function hexDiff(a, b) {
	assert.equal(a.length, b.length);
	return [...a].filter((ch, i) => ch !== b[i]).length;
}

// The page learnt that its call with @partner failed: a hangup from the
// gateway about it, an error about the call (not a stray candidate), or
// its PeerConnection failed.
function failure(info, partner) {
	return info.events.find((e) =>
		(e.msg === 'hangup' && e.from === partner) ||
		(e.msg === 'error' && e.ref !== 'candidate') ||
		e.pc === 'failed');
}

function brief(info) {
	const { received, sent, local, ...rest } = info;
	return rest;
}

async function frames(page) {
	return (await page.evaluate(() => e2e.stats())).video?.framesDecoded ?? 0;
}

test('a tampered fingerprint fails its call; the room\'s other call goes on',
	{ timeout: 300000 }, () => withGateway(ns, [], tamperedCall));

async function tamperedCall(d, browser) {
	const room = 'e2e-tamper';
	const pages = {};
	const ids = {};
	for (const name of ['alice', 'bob', 'carol', 'dave']) {
		pages[name] = await browser.page(d, name);
		ids[name] = await pages[name].evaluate(([r, n]) => e2e.join(r, n),
			[room, name]);
	}
	const { alice, bob, carol, dave } = pages;

	// The call that must survive: up, with media, first.
	await placeCall(carol, ids.carol, dave, ids.dave);
	await waitForMedia('carol', carol);
	await waitForMedia('dave', dave);
	await waitForLegs(carol, ids.carol, ids.dave);

	// The tampered call.
	await placeCall(alice, ids.alice, bob, ids.bob, { tamper: true });
	const b = await bob.evaluate(() => e2e.info());
	const [told] = fingerprints(b.sent);
	const [real] = fingerprints(b.local);
	assert.equal(hexDiff(told, real), 1,
		`bob told the gateway ${told}, his certificate is ${real}`);

	// Both ends of it learn that it failed.
	for (const [label, page, partner] of [
		['alice', alice, ids.bob], ['bob', bob, ids.alice]]) {
		await waitFor(`${label}: the tampered call fails`, async () => {
			const info = await page.evaluate(() => e2e.info());
			return { ok: !!failure(info, partner), detail: brief(info) };
		});
	}
	// No media went through it, and the gateway has no working call
	// between them.
	assert.equal(await frames(alice), 0, 'alice decoded video from bob');
	assert.equal(await frames(bob), 0, 'bob decoded video from alice');
	const ab = findCall(await apiCalls(carol), ids.alice, ids.bob);
	assert.ok(!ab || !ab.legs.every((l) => l.dtls === 'connected'),
		`the tampered call is connected: ${JSON.stringify(ab)}`);
	assert.equal(d.proc.exitCode, null, 'wrtcd exited');

	// The other call keeps decoding video, after the failure.
	for (const [label, page] of [['carol', carol], ['dave', dave]]) {
		const before = await frames(page);
		await waitFor(`${label}: video goes on after the tampered call failed`,
			async () => {
				const s = await page.evaluate(() => e2e.stats());
				return { ok: s.video?.framesDecoded > before + 10, detail: s };
			});
	}
	await waitForLegs(carol, ids.carol, ids.dave);
	assert.deepEqual(browser.errors, [], 'no script error in the pages');
}
