// SPDX-License-Identifier: GPL-2.0
// The gateway's ICE-lite agent answering a scripted STUN client: valid
// checks, every error it must answer, what it ignores, nomination, a
// network change, checks before the answer, an ICE restart, IPv6.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { answerFor, call, startDaemon } from '../signaling/helpers.mjs';
import {
	A_UFRAG, B_UFRAG, calls, check, gatewayLeg, haveIpv6Loopback, legOf,
	offerFrom, pair, setupCall, until,
} from './ice.mjs';
import {
	ATTR, BINDING_ERROR, BINDING_INDICATION, BINDING_SUCCESS, StunClient,
	encode, errorCode, fingerprintOk, integrityOk, val, xorMapped,
} from './stun.mjs';

let d, ipv6;
before(async () => {
	ipv6 = await haveIpv6Loopback();
	d = await startDaemon(ipv6 ? ['--media-addr', '127.0.0.1', '--media-addr', '::1'] : []);
});
after(async () => { assert.equal((await d.stop()).code, 0); });

// An error answer: its code, FINGERPRINT, and MESSAGE-INTEGRITY only when
// the request was authenticated (keyed with @key then).
function assertError(res, req, code, key = null) {
	assert.ok(res, `no answer (expected ${code})`);
	assert.equal(res.type, BINDING_ERROR);
	assert.ok(res.txid.equals(req.txid));
	assert.equal(errorCode(res), code);
	assert.ok(fingerprintOk(res), 'FINGERPRINT');
	if (key === null)
		assert.equal(res.get(ATTR.MESSAGE_INTEGRITY), undefined,
			`a ${code} before authentication carries no MESSAGE-INTEGRITY`);
	else
		assert.ok(integrityOk(res, key), 'MESSAGE-INTEGRITY with the leg pwd');
}

test('a valid check gets 200 with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT', async () => {
	const { a, b, aId, gwA } = await setupCall(d, 'ok');
	assert.ok(gwA.port >= d.lo && gwA.port <= d.hi);
	assert.equal((await legOf(d, aId)).ice, 'checking');
	const c = await StunClient.open();
	const req = check(gwA);
	const res = await c.request(req, gwA.port);
	assert.ok(res, 'no answer');
	assert.equal(res.type, BINDING_SUCCESS);
	assert.ok(res.txid.equals(req.txid));
	assert.deepEqual(xorMapped(res), { family: 4, address: '127.0.0.1', port: c.address.port });
	assert.ok(integrityOk(res, gwA.pwd), 'MESSAGE-INTEGRITY keyed with the gateway ice-pwd');
	assert.ok(!integrityOk(res, gwA.pwd + 'x'));
	assert.ok(fingerprintOk(res), 'FINGERPRINT');
	// FINGERPRINT last, MESSAGE-INTEGRITY right before it.
	assert.deepEqual(res.attrs.slice(-2).map((x) => x.type),
		[ATTR.MESSAGE_INTEGRITY, ATTR.FINGERPRINT]);

	// A check without USE-CANDIDATE makes a valid pair, not a nomination.
	const leg = await legOf(d, aId);
	assert.equal(leg.ice, 'connected');
	assert.equal(leg.remote, null);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('wrong password and wrong username get 401 without MESSAGE-INTEGRITY', async () => {
	const { a, b, aId, gwA, gwB } = await setupCall(d, 'unauth');
	const c = await StunClient.open();
	const cases = [
		check(gwA, { key: gwA.pwd.slice(0, -1) + (gwA.pwd.endsWith('A') ? 'B' : 'A') }),
		check(gwA, { key: gwB.pwd }), // the other leg's password
		check(gwA, { username: `${gwB.ufrag}:${A_UFRAG}` }), // not our ufrag
		check(gwA, { ufrag: 'Mallory' }), // not A's ufrag from its SDP
		check(gwA, { username: gwA.ufrag }), // no colon
	];
	for (const req of cases)
		assertError(await c.request(req, gwA.port), req, 401);
	// None of them counts as a check.
	const leg = await legOf(d, aId);
	assert.equal(leg.ice, 'checking');
	assert.equal(leg.remote, null);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('requests missing FINGERPRINT, USERNAME or MESSAGE-INTEGRITY get 400', async () => {
	const { a, b, aId, gwA } = await setupCall(d, 'bad');
	const c = await StunClient.open();
	for (const req of [check(gwA, { fingerprint: false }),
		check(gwA, { noUsername: true }), check(gwA, { key: null })])
		assertError(await c.request(req, gwA.port), req, 400);
	// A USERNAME that is not UTF-8.
	const req = encode({ attrs: [[ATTR.USERNAME, Buffer.from([0xff, 0xfe, 0x3a, 0x41])]],
		key: gwA.pwd });
	assertError(await c.request(req, gwA.port), req, 400);
	assert.equal((await legOf(d, aId)).ice, 'checking');
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('ICE-CONTROLLED gets 487 (a lite agent is always controlled)', async () => {
	const { a, b, aId, gwA } = await setupCall(d, 'role');
	const c = await StunClient.open();
	const req = check(gwA, { role: 'controlled', useCandidate: true });
	assertError(await c.request(req, gwA.port), req, 487, gwA.pwd);
	assert.match(d.log, /487 Role Conflict/);
	// No check without a role attribute is refused, and 487 nominated nothing.
	const ok = await c.request(check(gwA, { role: null }), gwA.port);
	assert.equal(ok.type, BINDING_SUCCESS);
	assert.equal((await legOf(d, aId)).remote, null);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('an unknown comprehension-required attribute gets 420 listing it', async () => {
	const { a, b, gwA } = await setupCall(d, 'unknown');
	const c = await StunClient.open();
	const req = check(gwA, { attrs: [[0x7777, val.u32(1)], [0xc0de, val.u32(2)]] });
	const res = await c.request(req, gwA.port);
	assertError(res, req, 420, gwA.pwd);
	const ua = res.get(ATTR.UNKNOWN_ATTRIBUTES);
	assert.ok(ua);
	assert.deepEqual([...Array(ua.value.length / 2).keys()].map((i) => ua.value.readUInt16BE(2 * i)),
		[0x7777]); // 0xc0de is comprehension-optional: ignored
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('indications, responses, other methods and bad FINGERPRINTs are ignored', async () => {
	const { a, b, gwA } = await setupCall(d, 'ignored');
	const c = await StunClient.open();
	const ignored = [
		encode({ type: BINDING_INDICATION }),
		encode({ type: BINDING_SUCCESS, attrs: [[ATTR.XOR_MAPPED_ADDRESS,
			Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])]] }),
		encode({ type: 0x0003 }), // an Allocate request: no TURN here
	];
	const badFp = check(gwA);
	badFp.msg[badFp.msg.length - 1] ^= 1;
	ignored.push(badFp);
	for (const req of ignored)
		assert.equal(await c.request(req, gwA.port, '127.0.0.1', 300), null);
	assert.equal(c.strays.length, 0);
	// And the agent still answers.
	assert.equal((await c.request(check(gwA), gwA.port)).type, BINDING_SUCCESS);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('USE-CANDIDATE nominates; a later nomination elsewhere moves the remote', async () => {
	const { a, b, aId, bId, gwA, gwB } = await setupCall(d, 'nominate');
	const c1 = await StunClient.open();
	const c2 = await StunClient.open();
	const res = await c1.request(check(gwA, { useCandidate: true }), gwA.port);
	assert.equal(res.type, BINDING_SUCCESS);
	let leg = await legOf(d, aId);
	assert.equal(leg.ice, 'completed');
	assert.equal(leg.remote, `127.0.0.1:${c1.address.port}`);
	// B's leg is untouched by A's checks.
	const other = await legOf(d, bId);
	assert.equal(other.remote, null);
	assert.equal(other.ice, 'checking');

	// A plain check from elsewhere does not move it; a nomination does.
	assert.equal((await c2.request(check(gwA), gwA.port)).type, BINDING_SUCCESS);
	assert.equal((await legOf(d, aId)).remote, `127.0.0.1:${c1.address.port}`);
	assert.equal((await c2.request(check(gwA, { useCandidate: true }), gwA.port)).type,
		BINDING_SUCCESS);
	leg = await legOf(d, aId);
	assert.equal(leg.remote, `127.0.0.1:${c2.address.port}`);
	assert.equal(leg.ice, 'completed');
	assert.match(d.log, new RegExp(`moved from 127\\.0\\.0\\.1:${c1.address.port} to 127\\.0\\.0\\.1:${c2.address.port}`));

	// B nominates on its own leg with its own credentials.
	const res2 = await c1.request(check(gwB, { ufrag: B_UFRAG, useCandidate: true }), gwB.port);
	assert.equal(res2.type, BINDING_SUCCESS);
	assert.ok(integrityOk(res2, gwB.pwd));
	assert.equal((await legOf(d, bId)).remote, `127.0.0.1:${c1.address.port}`);
	await Promise.all([c1.close(), c2.close()]);
	await Promise.all([a.close(), b.close()]);
});

test('before the answer, only our side of USERNAME is checked', async () => {
	const { a, b, aId, bId } = await pair(d, 'early');
	const sent = offerFrom();
	a.send({ type: 'offer', to: bId, sdp: sent });
	const gwB = gatewayLeg((await b.next('offer')).sdp);
	const c = await StunClient.open();
	// B checks before its answer reached the gateway: its ufrag is unknown.
	assert.equal((await c.request(check(gwB, { ufrag: 'Anything' }), gwB.port)).type,
		BINDING_SUCCESS);
	assert.equal((await legOf(d, bId)).ice, 'connected');
	b.send({ type: 'answer', to: aId, sdp: answerFor(sent) });
	await a.next('answer');
	// Now it is known.
	const req = check(gwB, { ufrag: 'Anything' });
	assertError(await c.request(req, gwB.port), req, 401);
	assert.equal((await c.request(check(gwB, { ufrag: B_UFRAG }), gwB.port)).type,
		BINDING_SUCCESS);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('an ICE restart takes new credentials and refuses the old ones', async () => {
	const { a, b, aId, bId, gwA } = await setupCall(d, 'restart');
	const c = await StunClient.open();
	assert.equal((await c.request(check(gwA, { useCandidate: true }), gwA.port)).type,
		BINDING_SUCCESS);
	const offer2 = offerFrom('AliceNew', 'AliceNewPassword012345678');
	const { answer } = await call(a, aId, b, bId, offer2, answerFor(offer2));
	const gwA2 = gatewayLeg(answer.sdp);
	assert.equal(gwA2.port, gwA.port);
	assert.notEqual(gwA2.ufrag, gwA.ufrag);
	assert.notEqual(gwA2.pwd, gwA.pwd);
	let leg = await legOf(d, aId);
	assert.equal(leg.ice, 'checking');
	// Media stays on the nominated address until a new nomination.
	assert.equal(leg.remote, `127.0.0.1:${c.address.port}`);

	const old = check(gwA);
	assertError(await c.request(old, gwA.port), old, 401);
	const stale = check(gwA2); // new gateway creds, old own ufrag
	assertError(await c.request(stale, gwA.port), stale, 401);
	const res = await c.request(check(gwA2, { ufrag: 'AliceNew', useCandidate: true }), gwA.port);
	assert.equal(res.type, BINDING_SUCCESS);
	assert.ok(integrityOk(res, gwA2.pwd));
	leg = await legOf(d, aId);
	assert.equal(leg.ice, 'completed');
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('IPv6: XOR-MAPPED-ADDRESS carries the IPv6 source', async (t) => {
	if (!ipv6)
		return t.skip('no ::1 on this host');
	const { a, b, aId, gwA } = await setupCall(d, 'ipv6');
	assert.ok(gwA.port6, 'a candidate on ::1');
	const c = await StunClient.open('udp6', '::1');
	const res = await c.request(check(gwA, { useCandidate: true }), gwA.port6, '::1');
	assert.ok(res, 'no answer');
	assert.equal(res.type, BINDING_SUCCESS);
	assert.deepEqual(xorMapped(res), { family: 6, address: '0:0:0:0:0:0:0:1',
		port: c.address.port });
	assert.ok(integrityOk(res, gwA.pwd));
	assert.ok(fingerprintOk(res));
	assert.equal((await legOf(d, aId)).remote, `[::1]:${c.address.port}`);
	await c.close();
	await Promise.all([a.close(), b.close()]);
});

test('calls end cleanly after ICE (no call left behind)', async () => {
	await until(async () => (await calls(d)).length === 0, 5000, 'calls gone');
	assert.doesNotMatch(d.log, /consent expired/);
});
