// SPDX-License-Identifier: GPL-2.0
// Mode "kernel-forward": the reference line. The gateway namespace only
// routes (net.ipv4.ip_forward=1, for this mode only); the generator sends
// each call's SRTP straight to the sink's address through it, with a key
// the two endpoints share (SDES-style), so nothing is decrypted on the
// way. What it measures is the cost of the path itself: veth, IP
// forwarding, UDP delivery. There is no relay process, hence no CPU
// figure: the forwarding runs in softirq context, mostly on the sending
// CPU (veth delivers on the CPU that transmits).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const SUITE = 'AES_CM_128_HMAC_SHA1_80';
const FORWARD = '/proc/sys/net/ipv4/ip_forward';

export const kernel = {
	name: 'kernel-forward',
	label: 'kernel IP forwarding (reference)',
	freshCallsPerStep: false,

	async open({ calls, gen, sink, profile }) {
		if (profile !== SUITE)
			throw new Error(`kernel-forward: profile ${profile} not supported`);
		writeFileSync(FORWARD, '1');
		const g = [];
		const s = [];
		for (let i = 0; i < calls; i++) {
			const key = randomBytes(30).toString('hex');
			g.push(`sdes ${i} 198.18.2.2 ${sink.port} ${SUITE} ${key}`);
			s.push(`sdes ${i} 198.18.1.2 ${gen.port} ${SUITE} ${key}`);
		}
		await Promise.all([gen.okAll(g), sink.okAll(s)]);
		return { pid: null };
	},

	async beginStep() {},
	async endStep() {},
	async counters() {
		return {};
	},

	async close() {
		writeFileSync(FORWARD, '0');
	},
};
