// SPDX-License-Identifier: GPL-2.0
// A small STUN (RFC 8489) encoder and verifier for the ICE tests, written
// apart from lib/stun.c so the gateway is measured against something other
// than its own codec: HMAC-SHA1 from node:crypto, CRC-32 written out here.
import { createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

export const COOKIE = 0x2112a442;
export const BINDING_REQUEST = 0x0001;
export const BINDING_INDICATION = 0x0011;
export const BINDING_SUCCESS = 0x0101;
export const BINDING_ERROR = 0x0111;

export const ATTR = {
	USERNAME: 0x0006,
	MESSAGE_INTEGRITY: 0x0008,
	ERROR_CODE: 0x0009,
	UNKNOWN_ATTRIBUTES: 0x000a,
	XOR_MAPPED_ADDRESS: 0x0020,
	PRIORITY: 0x0024,
	USE_CANDIDATE: 0x0025,
	FINGERPRINT: 0x8028,
	ICE_CONTROLLED: 0x8029,
	ICE_CONTROLLING: 0x802a,
	GOOG_NETWORK_INFO: 0xc057,
};

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), table driven.
const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

export function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf)
		c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

const pad4 = (n) => (n + 3) & ~3;

function attrBytes(type, value) {
	const a = Buffer.alloc(4 + pad4(value.length));
	a.writeUInt16BE(type, 0);
	a.writeUInt16BE(value.length, 2);
	value.copy(a, 4);
	return a;
}

function u32(v) {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(v >>> 0);
	return b;
}

function u64(v) {
	const b = Buffer.alloc(8);
	b.writeBigUInt64BE(BigInt(v));
	return b;
}

// Attribute values for the common ICE attributes.
export const val = {
	text: (s) => Buffer.from(s, 'utf8'),
	u32,
	u64,
	flag: () => Buffer.alloc(0),
};

// Encode a message: @attrs is [[type, Buffer], ...]; @key (string or
// Buffer) adds MESSAGE-INTEGRITY; @fingerprint adds FINGERPRINT.
export function encode({ type = BINDING_REQUEST, txid = randomBytes(12),
	attrs = [], key = null, fingerprint = true }) {
	const hdr = Buffer.alloc(20);
	hdr.writeUInt16BE(type, 0);
	hdr.writeUInt32BE(COOKIE, 4);
	txid.copy(hdr, 8);
	let msg = Buffer.concat([hdr, ...attrs.map(([t, v]) => attrBytes(t, v))]);
	if (key !== null) {
		// The length field counts MESSAGE-INTEGRITY as the last attribute.
		msg.writeUInt16BE(msg.length - 20 + 24, 2);
		const mac = createHmac('sha1', key).update(msg).digest();
		msg = Buffer.concat([msg, attrBytes(ATTR.MESSAGE_INTEGRITY, mac)]);
	}
	if (fingerprint) {
		msg.writeUInt16BE(msg.length - 20 + 8, 2);
		const fp = (crc32(msg) ^ 0x5354554e) >>> 0;
		msg = Buffer.concat([msg, attrBytes(ATTR.FINGERPRINT, u32(fp))]);
	}
	msg.writeUInt16BE(msg.length - 20, 2);
	return { msg, txid };
}

// Split a message into header fields and attributes (with offsets);
// throws on bad framing.
export function decode(buf) {
	if (buf.length < 20 || buf.readUInt32BE(4) !== COOKIE)
		throw new Error('not a STUN message');
	const length = buf.readUInt16BE(2);
	if (20 + length !== buf.length)
		throw new Error(`length field ${length}, ${buf.length - 20} bytes follow`);
	const attrs = [];
	for (let off = 20; off < buf.length;) {
		const type = buf.readUInt16BE(off);
		const len = buf.readUInt16BE(off + 2);
		if (off + 4 + pad4(len) > buf.length)
			throw new Error(`attribute 0x${type.toString(16)} runs past the end`);
		attrs.push({ type, off, value: buf.subarray(off + 4, off + 4 + len) });
		off += 4 + pad4(len);
	}
	const m = { type: buf.readUInt16BE(0), txid: buf.subarray(8, 20), attrs, buf };
	m.get = (t) => attrs.find((a) => a.type === t);
	return m;
}

// Does the message's MESSAGE-INTEGRITY verify with @key?
export function integrityOk(m, key) {
	const a = m.get(ATTR.MESSAGE_INTEGRITY);
	if (!a)
		return false;
	const part = Buffer.from(m.buf.subarray(0, a.off));
	part.writeUInt16BE(a.off - 20 + 24, 2);
	const mac = createHmac('sha1', key).update(part).digest();
	return mac.equals(a.value);
}

// Is FINGERPRINT present, last, and right?
export function fingerprintOk(m) {
	const a = m.get(ATTR.FINGERPRINT);
	if (!a || a !== m.attrs[m.attrs.length - 1] || a.value.length !== 4)
		return false;
	return ((crc32(m.buf.subarray(0, a.off)) ^ 0x5354554e) >>> 0) ===
		a.value.readUInt32BE(0);
}

// XOR-MAPPED-ADDRESS as { family, address, port }.
export function xorMapped(m) {
	const a = m.get(ATTR.XOR_MAPPED_ADDRESS);
	if (!a)
		return null;
	const v = a.value;
	const port = v.readUInt16BE(2) ^ (COOKIE >>> 16);
	const mask = Buffer.concat([u32(COOKIE), m.txid]);
	if (v[1] === 1) {
		const ip = [...v.subarray(4, 8)].map((b, i) => b ^ mask[i]);
		return { family: 4, address: ip.join('.'), port };
	}
	const ip = Buffer.from([...v.subarray(4, 20)].map((b, i) => b ^ mask[i]));
	const groups = [];
	for (let i = 0; i < 16; i += 2)
		groups.push(ip.readUInt16BE(i).toString(16));
	// Uncompressed: "0:0:0:0:0:0:0:1" for ::1.
	return { family: 6, address: groups.join(':'), port };
}

// ERROR-CODE as a number (class * 100 + number).
export function errorCode(m) {
	const a = m.get(ATTR.ERROR_CODE);
	return a ? (a.value[2] & 7) * 100 + a.value[3] : null;
}

// A UDP socket that sends requests and waits for the answer carrying the
// same transaction id.
export class StunClient {
	static async open(family = 'udp4', host = '127.0.0.1') {
		const c = new StunClient();
		c.sock = dgram.createSocket(family);
		c.pending = new Map();
		c.strays = [];
		c.sock.on('message', (buf) => {
			let m;
			try {
				m = decode(buf);
			} catch {
				c.strays.push(buf);
				return;
			}
			const k = m.txid.toString('hex');
			const p = c.pending.get(k);
			if (p) {
				c.pending.delete(k);
				clearTimeout(p.timer);
				p.resolve(m);
			} else
				c.strays.push(buf);
		});
		await new Promise((resolve) => c.sock.bind(0, host, resolve));
		// A test that fails before close() must not keep node running.
		c.sock.unref();
		c.address = c.sock.address();
		return c;
	}

	send(msg, port, host = '127.0.0.1') {
		return new Promise((resolve, reject) => this.sock.send(msg, port, host,
			(err) => (err ? reject(err) : resolve())));
	}

	// Send @msg (from encode()) and resolve with the decoded answer, or
	// null when none arrives within @timeout ms.
	async request({ msg, txid }, port, host = '127.0.0.1', timeout = 2000) {
		const k = txid.toString('hex');
		const answer = new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(k);
				resolve(null);
			}, timeout);
			this.pending.set(k, { resolve, timer });
		});
		await this.send(msg, port, host);
		return answer;
	}

	close() {
		for (const p of this.pending.values())
			clearTimeout(p.timer);
		return new Promise((resolve) => this.sock.close(resolve));
	}
}
