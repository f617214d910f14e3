// SPDX-License-Identifier: GPL-2.0
// The demo page that wrtcd serves at `/`, driven as a user would: two
// Chromium pages in the test's network namespace fill in room and name,
// click Join, the first clicks Call next to the second; both remote
// videos play decoded pictures, the getStats panel and the /api/calls
// table show the call connected with packets flowing, and after Hang up
// the other page is back to "no call" and the gateway has no call left.
// A screenshot of the first page mid-call goes to build/e2e/demo.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { waitFor, withGateway } from './browser.mjs';
import { createNetns, preflight } from './netns.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOT = path.join(top, 'build/e2e/demo.png');
const ROOM = 'e2e-demo';

let ns;
before(() => {
	preflight();
	ns = createNetns();
});
after(() => ns?.remove());

test('the demo page joins, calls, shows stats and hangs up',
	{ timeout: 240000 }, () => withGateway(ns, [], demoCall));

// Join @room as @name through the form; returns the id the page shows.
async function join(page, name) {
	await page.fill('#room', ROOM);
	await page.fill('#name', name);
	await page.click('#join');
	const me = await waitFor(`${name}: joins ${ROOM}`, async () => {
		const r = await page.evaluate(() => ({
			state: document.getElementById('state').textContent,
			me: document.getElementById('me').textContent,
		}));
		return { ok: r.state === `in room ${ROOM}` && /you are \S+ in room/
			.test(r.me), detail: r };
	});
	return /you are (\S+) in room/.exec(me.me)[1];
}

// The remote <video>: its size, play position, and inbound video frames
// decoded per the page's own RTCPeerConnection: its script's top-level
// `let pc`, which a script evaluated in the page sees by name.
function videoState(page) {
	return page.evaluate(async () => {
		const v = document.getElementById('remote');
		const s = { width: v.videoWidth, height: v.videoHeight,
			time: v.currentTime, paused: v.paused,
			label: document.getElementById('remote-label').textContent };
		const peer = typeof pc === 'undefined' ? null : pc;
		if (peer) {
			s.connection = peer.connectionState;
			(await peer.getStats()).forEach((r) => {
				if (r.type === 'inbound-rtp' && r.kind === 'video')
					s.framesDecoded = r.framesDecoded;
			});
		}
		return s;
	});
}

async function waitForVideo(label, page) {
	const first = await waitFor(`${label}: remote video plays`, async () => {
		const s = await videoState(page);
		return { ok: s.width > 0 && s.height > 0 && s.time > 0 &&
			s.framesDecoded > 0, detail: s,
		fail: s.connection === 'failed' && 'connection failed' };
	});
	return waitFor(`${label}: remote video keeps playing`, async () => {
		const s = await videoState(page);
		return { ok: s.time > first.time &&
			s.framesDecoded > first.framesDecoded, detail: s };
	});
}

// A table of the page as rows of cell texts, the header row first.
function tableRows(page, id) {
	return page.evaluate((t) => [...document.getElementById(t).rows]
		.map((r) => [...r.cells].map((c) => c.textContent)), id);
}

// The getStats panel: transport ICE and DTLS connected, the pair
// succeeded, packets in and out for video, and a received bit rate.
async function waitForStatsPanel(label, page) {
	return waitFor(`${label}: getStats panel shows the call`, async () => {
		const rows = await tableRows(page, 'stats');
		const row = (what) => rows.find((r) => r[0] === what);
		const pkts = (r) => Number(/^(\d+) pkts/.exec(r?.[1] || '')?.[1] || 0);
		const transport = row('transport')?.[1] || '';
		const ok = /ICE (connected|completed), DTLS connected/.test(transport) &&
			row('candidate pair')?.[1] === 'succeeded' &&
			pkts(row('in video')) > 0 && pkts(row('out video')) > 0 &&
			/^\d+ kbit\/s$/.test(row('in video')[2]);
		return { ok, detail: rows };
	});
}

// The /api/calls table as objects keyed by its header; @a and @b's call
// with both legs ICE and DTLS connected and packets both ways.
async function waitForCallsTable(label, page, a, b) {
	return waitFor(`${label}: /api/calls table shows ${a} <-> ${b}`, async () => {
		const [head, ...rows] = await tableRows(page, 'calls');
		const legs = rows.map((r) => Object.fromEntries(
			head.map((h, i) => [h, r[i]])));
		const pkts = (s) => Number(/^(\d+) \//.exec(s || '')?.[1] || 0);
		const leg = (id) => legs.find((l) => l.peer === id);
		const ok = [a, b].every((id) => {
			const l = leg(id);
			return l && ['connected', 'completed'].includes(l.ICE) &&
				l.DTLS === 'connected' && l.state === 'active' &&
				l.room === ROOM && pkts(l['rx pkts / bytes']) > 0 &&
				pkts(l['tx pkts / bytes']) > 0;
		}) && leg(a).call === leg(b).call;
		return { ok, detail: legs };
	});
}

function apiCalls(page) {
	return page.evaluate(async () => (await (await fetch('/api/calls'))
		.json()).calls);
}

async function demoCall(d, browser) {
	const alice = await browser.page(d, 'alice', { path: '/' });
	const bob = await browser.page(d, 'bob', { path: '/' });
	assert.equal(await alice.title(), 'wrtc demo');

	const aliceId = await join(alice, 'alice');
	const bobId = await join(bob, 'bob');
	assert.notEqual(aliceId, bobId);

	// Alice sees bob in the room's list and calls him with its button.
	const call = alice.locator('#peers li', { hasText: `bob [${bobId}]` })
		.getByRole('button', { name: 'Call' });
	await call.click({ timeout: 30000 });

	await waitForVideo('alice', alice);
	await waitForVideo('bob', bob);
	assert.equal(await bob.textContent('#remote-label'), `alice [${aliceId}]`);
	assert.equal(await alice.textContent('#remote-label'), `bob [${bobId}]`);
	assert.ok(await alice.isEnabled('#hangup'), 'alice: Hang up enabled');
	assert.ok(await bob.isEnabled('#hangup'), 'bob: Hang up enabled');

	await waitForStatsPanel('alice', alice);
	await waitForStatsPanel('bob', bob);
	await waitForCallsTable('alice', alice, aliceId, bobId);
	await waitForCallsTable('bob', bob, aliceId, bobId);

	mkdirSync(path.dirname(SHOT), { recursive: true });
	await alice.screenshot({ path: SHOT, fullPage: true });

	// Alice hangs up: bob's page is told and goes back to "no call",
	// and the gateway forgets the call.
	await alice.click('#hangup');
	for (const [label, page] of [['alice', alice], ['bob', bob]]) {
		await waitFor(`${label}: back to "no call"`, async () => {
			const s = await page.evaluate(() => ({
				label: document.getElementById('remote-label').textContent,
				stats: document.getElementById('stats').textContent,
				hangup: document.getElementById('hangup').disabled,
				video: !!document.getElementById('remote').srcObject,
			}));
			return { ok: s.label === 'no call' && s.stats === 'no call' &&
				s.hangup && !s.video, detail: s };
		});
	}
	await waitFor('/api/calls is empty after the hangup', async () => {
		const calls = await apiCalls(bob);
		return { ok: calls.length === 0, detail: calls };
	});
	await waitFor('bob: /api/calls table shows no call', async () => {
		const rows = await tableRows(bob, 'calls');
		return { ok: rows.length === 2 && rows[1][0] === '(no calls)',
			detail: rows };
	});
	// Both can call again: the peer buttons are back.
	assert.ok(await bob.locator('#peers li', { hasText: `[${aliceId}]` })
		.getByRole('button', { name: 'Call' }).isEnabled());
	assert.deepEqual(browser.errors, [], 'no script error in the pages');
}
