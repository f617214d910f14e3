// SPDX-License-Identifier: GPL-2.0
// What the browser test asserts: SDP anchored at the gateway, the
// browsers' ICE pairs ending at the gateway, media decoded, and the
// gateway's own account of the call (/api/calls).
import assert from 'node:assert/strict';
import { sdpLines } from '../signaling/helpers.mjs';
import { waitFor } from './browser.mjs';

function attrs(sdp, name) {
	return sdpLines(sdp).filter((l) => l.startsWith(`a=${name}:`))
		.map((l) => l.slice(name.length + 3));
}

export function fingerprints(sdp) {
	return attrs(sdp, 'fingerprint');
}

// a=candidate lines (or bare "candidate:..." strings) as objects.
export function candidates(lines) {
	return lines.map((l) => l.replace(/^a=/, '').split(' '))
		.filter((f) => f[0].startsWith('candidate:'))
		.map((f) => ({ protocol: f[2].toLowerCase(), address: f[4],
			port: Number(f[5]), type: f[7] }));
}

const where = (c) => `${c.address}:${c.port}`;

// The SDP a page received points at the gateway only: a=ice-lite at
// session level, the gateway's fingerprint (not the other browser's),
// ICE credentials and candidates of the gateway's leg. @other is the
// other page's info(). Returns the candidates it carries.
export function assertAnchored(label, sdp, { gatewayFp, gatewayAddr, other }) {
	assert.ok(sdp, `${label}: received no SDP`);
	const lines = sdpLines(sdp);
	const session = lines.slice(0, lines.findIndex((l) => l.startsWith('m=')));
	assert.ok(session.includes('a=ice-lite'),
		`${label}: no session-level a=ice-lite in the SDP it received`);

	const fps = fingerprints(sdp);
	const otherFps = fingerprints(other.local);
	assert.ok(fps.length >= 1, `${label}: no a=fingerprint in the SDP it received`);
	assert.ok(otherFps.length >= 1, `${label}: the other page has no fingerprint`);
	for (const fp of fps) {
		assert.equal(fp, gatewayFp,
			`${label}: received a fingerprint that is not the gateway's`);
		assert.ok(!otherFps.includes(fp),
			`${label}: received the other browser's fingerprint`);
	}
	const ufrags = attrs(sdp, 'ice-ufrag');
	assert.ok(ufrags.length >= 1, `${label}: no a=ice-ufrag`);
	for (const u of attrs(other.local, 'ice-ufrag'))
		assert.ok(!ufrags.includes(u), `${label}: received the other browser's ICE ufrag`);

	const cands = candidates(lines);
	assert.ok(cands.length >= 1, `${label}: no a=candidate in the SDP it received`);
	const otherCands = new Set(candidates(other.candidates).map(where));
	for (const c of cands) {
		assert.equal(c.protocol, 'udp', `${label}: candidate ${where(c)}`);
		assert.equal(c.type, 'host', `${label}: candidate ${where(c)}`);
		assert.equal(c.address, gatewayAddr,
			`${label}: candidate ${where(c)} is not on the gateway's media address`);
		assert.ok(!otherCands.has(where(c)),
			`${label}: received the other browser's candidate ${where(c)}`);
	}
	assert.ok(lines.includes('a=end-of-candidates'), `${label}: no a=end-of-candidates`);
	return cands;
}

// The selected pair's remote candidate is the one the received SDP named.
export function assertSelectedPair(label, stats, received) {
	assert.ok(stats.remote, `${label}: no selected candidate pair: ` +
		JSON.stringify(stats.transport));
	assert.ok(received.some((c) => c.address === stats.remote.address &&
		c.port === stats.remote.port),
	`${label}: selected remote candidate ${where(stats.remote)} is not in ` +
		`the SDP it received (${received.map(where).join(', ')})`);
}

function broken(s) {
	return ['failed', 'closed'].includes(s.connectionState) &&
		`connection ${s.connectionState}`;
}

// Poll until @page's ICE has a selected pair (ICE connected); its stats.
export async function waitForPair(label, page, timeout = 60000) {
	return waitFor(`${label}: ICE selects a candidate pair`, async () => {
		const s = await page.evaluate(() => e2e.stats());
		return { ok: !!s.remote && ['connected', 'completed']
			.includes(s.iceConnectionState), detail: s, fail: broken(s) };
	}, { timeout });
}

// Poll until @page decodes video (framesDecoded > 0 and growing) and
// receives audio; returns its last stats.
export async function waitForMedia(label, page, timeout = 60000) {
	const first = await waitFor(`${label}: receives video and audio`, async () => {
		const s = await page.evaluate(() => e2e.stats());
		return { ok: s.video?.framesDecoded > 0 && s.audio?.packetsReceived > 0 &&
			s.audio?.totalSamplesReceived > 0, detail: s, fail: broken(s) };
	}, { timeout });
	return waitFor(`${label}: video frames keep being decoded`, async () => {
		const s = await page.evaluate(() => e2e.stats());
		return { ok: s.video?.framesDecoded > first.video.framesDecoded, detail: s };
	}, { timeout });
}

export async function apiCalls(page) {
	return page.evaluate(() => e2e.apiCalls());
}

// The call joining peers @a and @b in /api/calls, or undefined.
export function findCall(calls, a, b) {
	return calls.find((c) => c.legs.some((l) => l.peer === a) &&
		c.legs.some((l) => l.peer === b));
}

// Poll /api/calls until the call of @a and @b has both legs ICE-connected,
// DTLS-connected, with packets both ways and SRTP @profile (when given).
export async function waitForLegs(page, a, b, profile, timeout = 60000) {
	return waitFor(`/api/calls: call ${a} <-> ${b} connected, packets both ways`,
		async () => {
			const c = findCall(await apiCalls(page), a, b);
			const ok = c && c.legs.length === 2 && c.legs.every((l) =>
				['connected', 'completed'].includes(l.ice) &&
				l.dtls === 'connected' && l.rx_packets > 0 && l.tx_packets > 0 &&
				(!profile || l.srtp_profile === profile));
			return { ok, detail: c || 'no such call' };
		}, { timeout });
}
