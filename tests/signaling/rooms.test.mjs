// SPDX-License-Identifier: GPL-2.0
// Rooms: join, welcome, peer-joined, leave, peer-left, limits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, joined, startDaemon } from './helpers.mjs';

let d;
before(async () => {
	d = await startDaemon(['--max-room-peers', '3', '--max-rooms', '4']);
});
after(async () => {
	const { code } = await d.stop();
	assert.equal(code, 0);
});

test('welcome lists the peers already there; they get peer-joined', async () => {
	const [a, wa] = await joined(d, 'r1', 'alice');
	assert.equal(wa.type, 'welcome');
	assert.equal(wa.room, 'r1');
	assert.deepEqual(wa.peers, []);
	assert.equal(typeof wa.id, 'string');

	const [b, wb] = await joined(d, 'r1', 'bob');
	assert.deepEqual(wb.peers, [{ id: wa.id, name: 'alice' }]);
	assert.notEqual(wb.id, wa.id);
	assert.deepEqual(await a.next('peer-joined'),
		{ type: 'peer-joined', id: wb.id, name: 'bob' });
	// The joiner itself gets no peer-joined.
	assert.ok(await b.quiet(150, 'peer-joined'));

	// Other rooms see nothing.
	const [c] = await joined(d, 'r2', 'carol');
	assert.ok(await a.quiet(150));

	b.send({ type: 'leave' });
	assert.deepEqual(await a.next('peer-left'), { type: 'peer-left', id: wb.id });
	assert.ok(await c.quiet(100));
	await Promise.all([a.close(), b.close(), c.close()]);
});

test('a socket that closes leaves its room', async () => {
	const [a] = await joined(d, 'closing', 'a');
	const [b, wb] = await joined(d, 'closing', 'b');
	await a.next('peer-joined');
	await b.close();
	assert.deepEqual(await a.next('peer-left'), { type: 'peer-left', id: wb.id });
	await a.close();
});

test('after leave the socket can join again, and is told what it missed', async () => {
	const [a, wa] = await joined(d, 'again', 'a');
	a.send({ type: 'leave' });
	const [b, wb] = await joined(d, 'again', 'b');
	assert.deepEqual(wb.peers, []);
	const w2 = await a.request({ type: 'join', room: 'again', name: 'a2' }, 'welcome');
	assert.equal(w2.id, wa.id);
	assert.deepEqual(w2.peers, [{ id: wb.id, name: 'b' }]);
	assert.deepEqual(await b.next('peer-joined'), { type: 'peer-joined', id: wa.id, name: 'a2' });
	await Promise.all([a.close(), b.close()]);
});

test('room names: 1-64 of [A-Za-z0-9_.-]', async () => {
	const c = await Client.open(d);
	for (const room of ['', 'a b', 'x'.repeat(65), 'é', 'a/b', 42, null]) {
		const e = await c.request({ type: 'join', room, name: 'n' }, 'error');
		assert.equal(e.code, 'bad-message', `room ${JSON.stringify(room)}`);
		assert.equal(e.ref, 'join');
		assert.equal(typeof e.message, 'string');
	}
	const w = await c.request({ type: 'join', room: 'A-z_0.9' + 'x'.repeat(57), name: 'n' }, 'welcome');
	assert.equal(w.room.length, 64);
	await c.close();
});

test('names: a string of at most 64 bytes, no control characters', async () => {
	const c = await Client.open(d);
	for (const name of ['x'.repeat(65), 'a\nb', 7, {}]) {
		const e = await c.request({ type: 'join', room: 'names', name }, 'error');
		assert.equal(e.code, 'bad-message', `name ${JSON.stringify(name)}`);
		assert.equal(e.ref, 'join');
	}
	const w = await c.request({ type: 'join', room: 'names', name: 'Zoë 🙂' }, 'welcome');
	const [o, wo] = await joined(d, 'names', 'other');
	assert.deepEqual(wo.peers, [{ id: w.id, name: 'Zoë 🙂' }]);
	await Promise.all([c.close(), o.close()]);
});

test('a socket is in at most one room', async () => {
	const [a] = await joined(d, 'one', 'a');
	const e = await a.request({ type: 'join', room: 'two', name: 'a' }, 'error');
	assert.equal(e.code, 'bad-message');
	assert.equal(e.ref, 'join');
	await a.close();
});

test('leave without a room is not-in-room', async () => {
	const c = await Client.open(d);
	const e = await c.request({ type: 'leave' }, 'error');
	assert.equal(e.code, 'not-in-room');
	assert.equal(e.ref, 'leave');
	await c.close();
});

test('a full room and too many rooms answer busy', async () => {
	const peers = [];
	for (let i = 0; i < 3; i++)
		peers.push((await joined(d, 'full', `p${i}`))[0]);
	const x = await Client.open(d);
	let e = await x.request({ type: 'join', room: 'full', name: 'late' }, 'error');
	assert.equal(e.code, 'busy');
	assert.equal(e.ref, 'join');

	// 'full' is one room; three more reach --max-rooms 4.
	for (let i = 0; i < 3; i++)
		peers.push((await joined(d, `room${i}`, 'p'))[0]);
	e = await x.request({ type: 'join', room: 'one-too-many', name: 'p' }, 'error');
	assert.equal(e.code, 'busy');
	// Joining an existing room with space still works.
	await x.request({ type: 'join', room: 'room0', name: 'x' }, 'welcome');
	await Promise.all([...peers, x].map((c) => c.close()));
});
