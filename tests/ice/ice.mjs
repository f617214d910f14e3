// SPDX-License-Identifier: GPL-2.0
// Shared by the ICE tests: a call between two scripted peers whose ICE
// credentials we chose, the gateway's credentials and ports read back
// from the SDP each side receives, and Binding requests built for them.
import { createSocket } from 'node:dgram';
import {
	answerFor, call, getJson, joined, sdpLines, testdata,
} from '../signaling/helpers.mjs';
import { ATTR, encode, val } from './stun.mjs';

export const OFFER = 'chromium156-offer-max-bundle.sdp';
// The offerer's (A's) credentials; answerFor() gives B 'Bbuf' and this pwd.
export const A_UFRAG = 'AliceUfr';
export const A_PWD = 'AlicePassword0123456789ab';
export const B_UFRAG = 'Bbuf';

// Chromium's values, from its checks (tests/unit/stun_test.h).
const PRIORITY = 0x6e7f1eff;
const TIEBREAKER = 0x700fb902fa223836n;

export function offerFrom(ufrag = A_UFRAG, pwd = A_PWD) {
	return testdata(OFFER)
		.replace(/a=ice-ufrag:.*/g, `a=ice-ufrag:${ufrag}`)
		.replace(/a=ice-pwd:.*/g, `a=ice-pwd:${pwd}`);
}

// The gateway leg an SDP points at: its ufrag, pwd and candidate ports.
export function gatewayLeg(sdp) {
	const lines = sdpLines(sdp);
	const attr = (n) => lines.find((l) => l.startsWith(`a=${n}:`)).slice(n.length + 3);
	const cands = lines.filter((l) => l.startsWith('a=candidate:')).map((l) => l.split(' '));
	const port = (ip) => {
		const c = cands.find((f) => f[4] === ip);
		return c ? Number(c[5]) : null;
	};
	return { ufrag: attr('ice-ufrag'), pwd: attr('ice-pwd'), port: port('127.0.0.1'),
		port6: port('::1') };
}

// Two peers joined to @room.
export async function pair(d, room) {
	const [a, wa] = await joined(d, room, 'alice');
	const [b, wb] = await joined(d, room, 'bob');
	await a.next('peer-joined');
	return { a, b, aId: wa.id, bId: wb.id };
}

// A call from A to B with A's credentials set: gwA is the leg A checks,
// gwB the one B checks.
export async function setupCall(d, room, offer = offerFrom()) {
	const p = await pair(d, room);
	const { offer: o, answer } = await call(p.a, p.aId, p.b, p.bId, offer, answerFor(offer));
	return { ...p, gwA: gatewayLeg(answer.sdp), gwB: gatewayLeg(o.sdp) };
}

export async function calls(d) {
	const { status, body } = await getJson(d, '/api/calls');
	if (status !== 200)
		throw new Error(`/api/calls: ${status}`);
	return body.calls;
}

// @peer's leg in /api/calls, or undefined.
export async function legOf(d, peer) {
	for (const c of await calls(d)) {
		const l = c.legs.find((x) => x.peer === peer);
		if (l)
			return l;
	}
	return undefined;
}

// A Binding request as Chromium sends it to gateway leg @gw, with
// overrides: username, key (null: no MESSAGE-INTEGRITY), fingerprint,
// role ('controlling', 'controlled', null), useCandidate, extra attrs.
export function check(gw, {
	ufrag = A_UFRAG, username = `${gw.ufrag}:${ufrag}`, key = gw.pwd,
	fingerprint = true, role = 'controlling', useCandidate = false,
	attrs = [], noUsername = false,
} = {}) {
	const list = [];
	if (!noUsername)
		list.push([ATTR.USERNAME, val.text(username)]);
	list.push([ATTR.GOOG_NETWORK_INFO, Buffer.from([0, 1, 0, 0x32])]);
	if (role === 'controlling')
		list.push([ATTR.ICE_CONTROLLING, val.u64(TIEBREAKER)]);
	else if (role === 'controlled')
		list.push([ATTR.ICE_CONTROLLED, val.u64(TIEBREAKER)]);
	if (useCandidate)
		list.push([ATTR.USE_CANDIDATE, val.flag()]);
	list.push([ATTR.PRIORITY, val.u32(PRIORITY)], ...attrs);
	return encode({ attrs: list, key, fingerprint });
}

// Poll @fn until it returns a truthy value or @ms pass.
export async function until(fn, ms = 10000, what = 'condition') {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v)
			return v;
		if (Date.now() > deadline)
			throw new Error(`${what}: not within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

// Can this host bind UDP on ::1?
export function haveIpv6Loopback() {
	return new Promise((resolve) => {
		const s = createSocket('udp6');
		s.once('error', () => resolve(false));
		s.bind(0, '::1', () => s.close(() => resolve(true)));
	});
}
