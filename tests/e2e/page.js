// SPDX-License-Identifier: GPL-2.0
// Page side of the browser end-to-end test: a signaling client for wrtcd's
// /ws (SIGNALING.md) and one RTCPeerConnection with fake camera and
// microphone. Loaded into a page served at wrtcd's origin; the test drives
// it through window.e2e with page.evaluate().
'use strict';
window.e2e = (() => {
	const st = {
		ws: null, id: null, queue: [], waiters: [],
		pc: null, partner: null, stream: null,
		received: null, // the SDP this page got from the gateway
		sent: null, // the SDP it sent, as sent (perhaps tampered)
		candidates: [], // its own ICE candidates, as gathered
		events: [], // error/hangup/peer-left messages and state changes
	};

	function note(what) {
		st.events.push({ t: Math.round(performance.now()), ...what });
	}

	function send(msg) {
		st.ws.send(JSON.stringify(msg));
	}

	function onMessage(m) {
		if (['error', 'hangup', 'peer-left'].includes(m.type))
			note({ msg: m.type, code: m.code, from: m.from, id: m.id,
				ref: m.ref, message: m.message });
		const i = st.waiters.findIndex((w) => w.types.includes(m.type));
		if (i >= 0)
			st.waiters.splice(i, 1)[0].resolve(m);
		else
			st.queue.push(m);
	}

	// The next message of one of @types, or a rejection after @timeout ms.
	function next(types, timeout = 20000) {
		const i = st.queue.findIndex((m) => types.includes(m.type));
		if (i >= 0)
			return Promise.resolve(st.queue.splice(i, 1)[0]);
		return new Promise((resolve, reject) => {
			const w = { types, resolve };
			st.waiters.push(w);
			setTimeout(() => {
				const j = st.waiters.indexOf(w);
				if (j >= 0) {
					st.waiters.splice(j, 1);
					reject(new Error(`${st.id}: no ${types.join('/')} within ${timeout} ms; ` +
						`queued: ${JSON.stringify(st.queue).slice(0, 500)}`));
				}
			}, timeout);
		});
	}

	async function join(room, name) {
		st.ws = new WebSocket(`ws://${location.host}/ws`);
		st.ws.onmessage = (ev) => onMessage(JSON.parse(ev.data));
		st.ws.onclose = () => note({ ws: 'closed' });
		await new Promise((resolve, reject) => {
			st.ws.onopen = resolve;
			st.ws.onerror = () => reject(new Error('WebSocket to /ws failed'));
		});
		send({ type: 'join', room, name });
		const w = await next(['welcome', 'error']);
		if (w.type !== 'welcome')
			throw new Error(`join refused: ${JSON.stringify(w)}`);
		st.id = w.id;
		return w.id;
	}

	// Small video keeps four pages' encoders and decoders within two cores.
	async function media() {
		if (!st.stream)
			st.stream = await navigator.mediaDevices.getUserMedia({
				audio: true,
				video: { width: 320, height: 240, frameRate: 15 },
			});
		return st.stream;
	}

	async function newPc(partner) {
		st.partner = partner;
		const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle',
			rtcpMuxPolicy: 'require' });
		st.pc = pc;
		pc.onicecandidate = (ev) => {
			if (!ev.candidate || !ev.candidate.candidate)
				return;
			st.candidates.push(ev.candidate.candidate);
			send({ type: 'candidate', to: partner,
				candidate: ev.candidate.toJSON() });
		};
		// Play what arrives, as a call page does: Chromium counts received
		// audio samples (totalSamplesReceived) only while audio plays out.
		pc.ontrack = (ev) => {
			const el = document.createElement(ev.track.kind);
			el.autoplay = true;
			el.srcObject = new MediaStream([ev.track]);
			document.body.appendChild(el);
			el.play().catch((e) => note({ play: ev.track.kind, error: e.name }));
		};
		pc.onconnectionstatechange = () => note({ pc: pc.connectionState });
		pc.oniceconnectionstatechange = () => note({ ice: pc.iceConnectionState });
		const stream = await media();
		for (const track of stream.getTracks())
			pc.addTrack(track, stream);
		return pc;
	}

	// Call @to: offer, then apply the answer the gateway forwards.
	async function call(to) {
		const pc = await newPc(to);
		await pc.setLocalDescription(await pc.createOffer());
		st.sent = pc.localDescription.sdp;
		send({ type: 'offer', to, sdp: st.sent });
		const m = await next(['answer', 'error', 'hangup']);
		if (m.type !== 'answer')
			throw new Error(`${st.id}: ${m.type} instead of an answer: ${JSON.stringify(m)}`);
		st.received = m.sdp;
		await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
	}

	// One hex digit of every a=fingerprint line changed the same way: the
	// gateway is told a certificate that is not this browser's.
	function tamperFingerprint(sdp) {
		return sdp.replace(/^(a=fingerprint:\S+ [0-9A-Fa-f:]*)([0-9A-Fa-f])(\r?)$/gm,
			(all, head, digit, cr) =>
				head + (digit.toUpperCase() === '0' ? '1' : '0') + cr);
	}

	// Answer the next offer. @tamper alters the fingerprint in the text sent
	// over signaling only: the browser itself keeps its real answer.
	async function answer({ tamper = false } = {}) {
		const m = await next(['offer'], 30000);
		const pc = await newPc(m.from);
		st.received = m.sdp;
		await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
		await pc.setLocalDescription(await pc.createAnswer());
		const sdp = pc.localDescription.sdp;
		st.sent = tamper ? tamperFingerprint(sdp) : sdp;
		send({ type: 'answer', to: m.from, sdp: st.sent });
		return m.from;
	}

	// What the test asserts on: SDPs, states, signaling events.
	function info() {
		const pc = st.pc;
		return {
			id: st.id, partner: st.partner,
			received: st.received, sent: st.sent,
			local: pc && pc.localDescription ? pc.localDescription.sdp : null,
			candidates: st.candidates,
			connectionState: pc ? pc.connectionState : null,
			iceConnectionState: pc ? pc.iceConnectionState : null,
			events: st.events,
		};
	}

	// The getStats() figures the test needs, flattened.
	async function stats() {
		const pc = st.pc;
		const out = { connectionState: pc.connectionState,
			iceConnectionState: pc.iceConnectionState,
			video: null, audio: null, sent: {}, transport: null,
			pair: null, local: null, remote: null };
		const r = await pc.getStats();
		r.forEach((s) => {
			if (s.type === 'inbound-rtp' && s.kind === 'video')
				out.video = { packetsReceived: s.packetsReceived,
					framesDecoded: s.framesDecoded,
					bytesReceived: s.bytesReceived };
			else if (s.type === 'inbound-rtp' && s.kind === 'audio')
				out.audio = { packetsReceived: s.packetsReceived,
					totalSamplesReceived: s.totalSamplesReceived };
			else if (s.type === 'outbound-rtp')
				out.sent[s.kind] = s.packetsSent;
			else if (s.type === 'transport')
				out.transport = { iceState: s.iceState,
					dtlsState: s.dtlsState, dtlsRole: s.dtlsRole,
					srtpCipher: s.srtpCipher, tlsVersion: s.tlsVersion,
					selectedCandidatePairId: s.selectedCandidatePairId };
		});
		const pair = out.transport && r.get(out.transport.selectedCandidatePairId);
		if (pair) {
			out.pair = { state: pair.state, nominated: pair.nominated };
			const cand = (id) => {
				const c = r.get(id);
				return c && { address: c.address, port: c.port,
					protocol: c.protocol, candidateType: c.candidateType };
			};
			out.local = cand(pair.localCandidateId);
			out.remote = cand(pair.remoteCandidateId);
		}
		return out;
	}

	async function apiCalls() {
		const res = await fetch('/api/calls');
		if (res.status !== 200)
			throw new Error(`/api/calls: HTTP ${res.status}`);
		return (await res.json()).calls;
	}

	return { join, call, answer, info, stats, apiCalls };
})();
