// SPDX-License-Identifier: GPL-2.0
// HTTP: the demo page, /api/calls, 404, and where WebSockets are taken.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startDaemon } from './helpers.mjs';

let d;
before(async () => { d = await startDaemon(); });
after(async () => { assert.equal((await d.stop()).code, 0); });

test('GET / is the demo page, from the binary', async () => {
	const res = await fetch(d.url + '/');
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/html/);
	const html = await res.text();
	assert.match(html, /<!doctype html>/i);
	assert.match(html, /\/ws/);
	assert.match(html, /\/api\/calls/);
	assert.match(html, /getStats/);
	// No external resources: everything is inline.
	assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//);
});

test('GET /api/calls is JSON', async () => {
	const res = await fetch(d.url + '/api/calls');
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	assert.deepEqual(await res.json(), { calls: [] });
});

test('unknown paths are 404', async () => {
	for (const p of ['/nope', '/api', '/api/calls/x', '/index.htm', '/ws/x'])
		assert.equal((await fetch(d.url + p)).status, 404, p);
});

test('/ws without an upgrade is not a page', async () => {
	assert.equal((await fetch(d.url + '/ws')).status, 400);
});

test('other methods are refused', async () => {
	assert.equal((await fetch(d.url + '/', { method: 'POST', body: 'x' })).status, 405);
});

test('WebSockets are taken on /ws only', async () => {
	const ok = new WebSocket(d.wsUrl);
	await new Promise((resolve, reject) => { ok.once('open', resolve); ok.once('error', reject); });
	ok.close();
	const bad = new WebSocket(`ws://127.0.0.1:${d.port}/elsewhere`);
	await new Promise((resolve, reject) => {
		bad.once('open', () => reject(new Error('upgrade accepted on /elsewhere')));
		bad.once('error', resolve);
	});
});

// Browsers open spare connections and close some unused: no request,
// so no per-session data (this crashed wrtcd once).
test('a connection closed before any request is harmless', async () => {
	for (let i = 0; i < 3; i++)
		await new Promise((resolve, reject) => {
			const s = net.connect(d.port, '127.0.0.1', () => s.end());
			s.on('close', resolve);
			s.on('error', reject);
		});
	assert.equal((await fetch(d.url + '/api/calls')).status, 200);
	assert.equal(d.proc.exitCode, null);
});
