// SPDX-License-Identifier: GPL-2.0
// rtpengine's ng control protocol: "COOKIE BENCODED-DICT" datagrams over
// UDP, one request, one reply with the same cookie. Bencode: integers
// i42e, byte strings 4:spam, lists l...e, dictionaries d...e (keys sorted).
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';

export function bencode(v) {
	if (typeof v === 'number')
		return Buffer.from(`i${Math.trunc(v)}e`);
	if (typeof v === 'string' || Buffer.isBuffer(v)) {
		const b = Buffer.isBuffer(v) ? v : Buffer.from(v);
		return Buffer.concat([Buffer.from(`${b.length}:`), b]);
	}
	if (Array.isArray(v))
		return Buffer.concat([Buffer.from('l'), ...v.map(bencode),
			Buffer.from('e')]);
	const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
	return Buffer.concat([Buffer.from('d'),
		...keys.flatMap((k) => [bencode(k), bencode(v[k])]),
		Buffer.from('e')]);
}

// Decode one value at buf[pos]: [value, next position]. Strings come back
// as JS strings (the ng replies are text).
export function bdecode(buf, pos = 0) {
	const c = String.fromCharCode(buf[pos]);
	if (c === 'i') {
		const end = buf.indexOf(0x65, pos);
		return [Number(buf.toString('latin1', pos + 1, end)), end + 1];
	}
	if (c === 'l' || c === 'd') {
		const out = c === 'l' ? [] : {};
		pos++;
		while (buf[pos] !== 0x65) {
			if (pos >= buf.length)
				throw new Error('bencode: truncated');
			const [k, p1] = bdecode(buf, pos);
			if (c === 'l') {
				out.push(k);
				pos = p1;
			} else {
				const [v, p2] = bdecode(buf, p1);
				out[k] = v;
				pos = p2;
			}
		}
		return [out, pos + 1];
	}
	const colon = buf.indexOf(0x3a, pos);
	const len = Number(buf.toString('latin1', pos, colon));
	if (colon < 0 || !Number.isInteger(len))
		throw new Error(`bencode: bad string at ${pos}`);
	const start = colon + 1;
	return [buf.toString('utf8', start, start + len), start + len];
}

// A client for one rtpengine: request(dict) resolves with the reply dict
// (rejects on "result": "error" or after a timeout, retrying on the way).
export class NgClient {
	constructor(host, port) {
		this.host = host;
		this.port = port;
		this.sock = dgram.createSocket('udp4');
		this.pending = new Map();
		this.sock.on('message', (msg) => {
			const sp = msg.indexOf(0x20);
			const cookie = msg.toString('latin1', 0, sp);
			const p = this.pending.get(cookie);
			if (!p)
				return;
			this.pending.delete(cookie);
			clearInterval(p.timer);
			try {
				p.resolve(bdecode(msg, sp + 1)[0]);
			} catch (e) {
				p.reject(e);
			}
		});
	}

	request(dict, timeout = 5000) {
		const cookie = randomBytes(8).toString('hex');
		const msg = Buffer.concat([Buffer.from(`${cookie} `), bencode(dict)]);
		return new Promise((resolve, reject) => {
			const started = Date.now();
			const p = {
				resolve: (r) => r.result === 'error' ?
					reject(new Error(`rtpengine ${dict.command}: ${r['error-reason']}`)) :
					resolve(r),
				reject,
			};
			const send = () => this.sock.send(msg, this.port, this.host);
			// UDP: ask again now and then; rtpengine answers a repeated
			// cookie from its cache.
			p.timer = setInterval(() => {
				if (Date.now() - started > timeout) {
					clearInterval(p.timer);
					this.pending.delete(cookie);
					reject(new Error(`rtpengine ${dict.command}: no reply in ${timeout} ms`));
				} else
					send();
			}, 500);
			this.pending.set(cookie, p);
			send();
		});
	}

	close() {
		this.sock.close();
	}
}
