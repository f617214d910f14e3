// SPDX-License-Identifier: GPL-2.0
// Two Chromium pages call each other through wrtcd with fake camera and
// microphone, in a network namespace of their own: the SDP each receives
// is anchored at the gateway, each browser's ICE ends at the gateway's
// candidate, both decode video and receive audio, and /api/calls shows
// both legs connected with the SRTP profile the gateway preferred. Once
// per preferred profile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gatewayFingerprint } from '../signaling/helpers.mjs';
import { GATEWAY_ADDR, placeCall, withGateway } from './browser.mjs';
import {
	assertAnchored, assertSelectedPair, candidates, fingerprints, waitForLegs,
	waitForMedia, waitForPair,
} from './checks.mjs';
import { createNetns, preflight } from './netns.mjs';

// --srtp-profiles and Chromium's getStats() (transport.srtpCipher) use the
// DTLS-SRTP registry names; /api/calls reports the suite names.
const PROFILES = [
	{ list: 'SRTP_AEAD_AES_128_GCM,SRTP_AES128_CM_HMAC_SHA1_80',
		name: 'SRTP_AEAD_AES_128_GCM', suite: 'AEAD_AES_128_GCM' },
	{ list: 'SRTP_AES128_CM_HMAC_SHA1_80,SRTP_AEAD_AES_128_GCM',
		name: 'SRTP_AES128_CM_HMAC_SHA1_80', suite: 'AES_CM_128_HMAC_SHA1_80' },
];

let ns;
before(() => {
	preflight();
	ns = createNetns();
});
after(() => ns?.remove());

for (const profile of PROFILES) {
	test(`two browsers call through wrtcd, ${profile.suite} preferred`,
		{ timeout: 240000 }, async () => {
			await withGateway(ns, ['--srtp-profiles', profile.list],
			(d, browser) => callAndCheck(d, browser, profile));
		});
}

async function callAndCheck(d, browser, { name, suite }) {
	const room = `e2e-${suite}`;
	const alice = await browser.page(d, 'alice');
	const bob = await browser.page(d, 'bob');
	const aliceId = await alice.evaluate((r) => e2e.join(r, 'alice'), room);
	const bobId = await bob.evaluate((r) => e2e.join(r, 'bob'), room);

	await placeCall(alice, aliceId, bob, bobId);

	// Signaling went through the gateway: each side got SDP anchored there.
	const a = await alice.evaluate(() => e2e.info());
	const b = await bob.evaluate(() => e2e.info());
	const gatewayFp = gatewayFingerprint(d);
	assert.ok(gatewayFp, 'wrtcd logged no DTLS certificate fingerprint');
	const toAlice = assertAnchored('alice', a.received,
		{ gatewayFp, gatewayAddr: GATEWAY_ADDR, other: b });
	const toBob = assertAnchored('bob', b.received,
		{ gatewayFp, gatewayAddr: GATEWAY_ADDR, other: a });
	assert.deepEqual(fingerprints(b.sent), fingerprints(b.local),
		'bob sent its own fingerprint');

	// ICE: each browser's selected pair ends at the candidate it was given.
	assertSelectedPair('alice', await waitForPair('alice', alice), toAlice);
	assertSelectedPair('bob', await waitForPair('bob', bob), toBob);

	// Media both ways, through the gateway, still on those pairs.
	const sa = await waitForMedia('alice', alice);
	const sb = await waitForMedia('bob', bob);
	assertSelectedPair('alice', sa, toAlice);
	assertSelectedPair('bob', sb, toBob);
	for (const [label, s] of [['alice', sa], ['bob', sb]]) {
		assert.equal(s.transport.dtlsState, 'connected', `${label}: DTLS`);
		// Chromium 156 gives the registry name; the suite name would do.
		assert.ok([name, suite].includes(s.transport.srtpCipher),
			`${label}: SRTP cipher ${s.transport.srtpCipher}, not ${name}`);
	}

	// The gateway's account: both legs up, packets both ways, the profile
	// it preferred, and the addresses the browsers used.
	const call = await waitForLegs(alice, aliceId, bobId, suite);
	assert.equal(call.state, 'active');
	for (const [id, s, cands] of [[aliceId, sa, toAlice], [bobId, sb, toBob]]) {
		const leg = call.legs.find((l) => l.peer === id);
		assert.equal(leg.local, `${s.remote.address}:${s.remote.port}`,
			`leg of ${id}: local address is the pair's remote candidate`);
		assert.ok(cands.some((c) => leg.local === `${c.address}:${c.port}`));
		assert.equal(leg.remote, `${s.local.address}:${s.local.port}`,
			`leg of ${id}: remote address is the browser's candidate`);
	}
	assert.ok(candidates(a.candidates).length && candidates(b.candidates).length,
		'both browsers gathered host candidates');
	assert.deepEqual(browser.errors, [], 'no script error in the pages');
}
