// SPDX-License-Identifier: GPL-2.0
// The throughput harness (bench/README.md). Runs inside the gateway's
// network namespace, which bench/run.sh made along with the generator's
// and the sink's; starts the relays here and bench_gen / bench_sink in
// their namespaces, and for each mode and workload searches the highest
// rate relayed with less than 0.1 % loss.
//
//   node bench/bench.mjs --gen-ns NS --sink-ns NS [--calls 100,1000]
//        [--sizes 160,1200] [--modes wrtcd,wrtcd-xdp,rtpengine,kernel-forward]
//        [--step-ms 2500] [--steps 6] [--probe N] [--common-rate PPS]
//        [--section host|guest] [--out DIR] [--check FILE]
//
// --probe: packets of the probe at maximum rate (default 300000 for 160 B,
// 150000 for 1200). --common-rate: one more step per point at that rate,
// the same for every mode, for the CPU time the whole machine spends per
// relayed packet there (system_us_per_pkt: every core's busy time, so
// that kernel paths, whose work runs in softirq on whichever core, are
// counted like processes). --section: what the results are of (guest:
// inside the qemu guest, timings emulated).
//
// --check: the correctness run of `make check` (tests/bench/): wrtcd only,
// a few calls, a few hundred packets at a gentle rate, no search; writes
// what it measured to FILE as JSON and prints nothing else.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { hostname, loadavg, release } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD, Peer, cpuBusy, cpuSeconds, fields, inNs, linkDrops, napiThreads,
	schedSeconds, udpCounters } from './procs.mjs';
import { wrtcd, wrtcdGcm, wrtcdKernel, wrtcdKernelGcm, wrtcdXdp } from './mode_wrtcd.mjs';
import { rtpengine, rtpengineKernel } from './mode_rtpengine.mjs';
import { kernel } from './mode_kernel.mjs';
import { printTable, writeResults } from './report.mjs';

const { values: opt } = parseArgs({ options: {
	'gen-ns': { type: 'string' },
	'sink-ns': { type: 'string' },
	calls: { type: 'string', default: '100,1000' },
	sizes: { type: 'string', default: '160,1200' },
	modes: { type: 'string', default: 'wrtcd,wrtcd-xdp,rtpengine,kernel-forward' },
	'step-ms': { type: 'string', default: '2500' },
	steps: { type: 'string', default: '6' },
	probe: { type: 'string' },
	'common-rate': { type: 'string', default: '0' },
	section: { type: 'string', default: 'host' },
	out: { type: 'string', default: 'bench/results' },
	check: { type: 'string' },
} });

const MODES = { wrtcd, 'wrtcd-xdp': wrtcdXdp, 'wrtcd-kernel': wrtcdKernel,
	'wrtcd-gcm': wrtcdGcm, 'wrtcd-kernel-gcm': wrtcdKernelGcm, rtpengine,
	'rtpengine-kernel': rtpengineKernel,
	'kernel-forward': kernel };
// The profile of modes that do not name theirs.
const PROFILE = 'AES_CM_128_HMAC_SHA1_80';
const profileOf = (mode) => mode.profile || PROFILE;
const COMMON_RATE = Number(opt['common-rate']);
const LOSS_MAX = 0.001; // "lossless": under 0.1 %
// ...and keeping pace: the sink's receive span at most this much longer
// than the send span. Socket buffers hold a second or more of traffic: a
// relay slower than the offered rate loses nothing in a short step, it
// just finishes late.
const PACE_MAX = 0.02;
// A step that fails by a little (a burst of loss or of lateness) is run
// once more at the same rate, and fails only if that fails too: a stall
// of the machine (another process, qemu retranslating code in the guest)
// loses a burst at any rate, a relay past its limit loses in both. 5 %:
// what a 100 ms stall costs at 16k packets/s beyond the rings' 1024
// frames, which the guest's runs saw.
const MARGINAL_LOSS = 0.05;
const MARGINAL_PACE = 0.1;
const CPU_RELAY = 1; // the relay's core; generator and sink share core 0
const CPU_PEERS = 0;
const STEP_MS = Number(opt['step-ms']);
const MAX_STEPS = Number(opt.steps);
// Each line with the seconds since the start, so that a run shows where
// its time went.
const T0 = performance.now();
const log = opt.check ? () => {} : (s) => process.stderr.write(
	`[${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s] ${s}\n`);

let runSeq = 0;
// The gateway's receive path in threads of its own, one per queue
// (BENCH_GW_NAPI): where kernel relays run, measured like a process.
const NAPI_PIDS = napiThreads('wbgw0');
const napiSeconds = () => NAPI_PIDS.reduce((a, p) => a + cpuSeconds(p), 0);

// A few packets per call, not measured, for a mode that moves a stream
// into the kernel at its first packets (mode.prime waits for that).
async function prime(g) {
	const { mode, ctx, gen, sink, calls } = g;
	const run = ++runSeq;
	await sink.ok(`start ${run} 2`);
	const r = fields(await gen.ok(`run ${run} 2000 ${2 * calls} 160`, 60000));
	await sink.ok(`stop ${2 * calls} ${r.t0} 300`, 30000);
	await mode.prime(ctx);
}

// One measured run at @rate (0: maximum) of @count packets.
async function measure(g, { rate, count, size, tamper = false, allowBad = false }) {
	const { mode, ctx, gen, sink, calls } = g;
	await mode.beginStep(ctx);
	if (mode.prime)
		await prime(g);
	const run = ++runSeq;
	try {
		await sink.ok(`start ${run} ${Math.ceil(count / calls)}`);
		const gw0 = udpCounters(null);
		const sk0 = udpCounters(opt['sink-ns']);
		const pids = [gen.p.proc.pid, sink.p.proc.pid, ...(ctx.pid ? [ctx.pid] : [])];
		const own0 = pids.map(cpuSeconds);
		const napi0 = napiSeconds();
		const links0 = linkDrops(opt['gen-ns']);
		const sched0 = ctx.pid ? schedSeconds(ctx.pid) : null;
		const busy0 = cpuBusy();
		const t0 = performance.now();
		const r = fields(await gen.ok(`run ${run} ${rate} ${count} ${size}${tamper ? ' 1' : ''}`,
			120000 + count / 10));
		const s = fields(await sink.ok(`stop ${count} ${r.t0} 300`, 30000));
		const wall = (performance.now() - t0) / 1000;
		const busy = cpuBusy();
		const own = pids.map((p, i) => cpuSeconds(p) - own0[i]);
		const napiS = napiSeconds() - napi0;
		const links1 = linkDrops(opt['gen-ns']);
		const sched = ctx.pid ? schedSeconds(ctx.pid) : null;
		const gw1 = udpCounters(null);
		const sk1 = udpCounters(opt['sink-ns']);
		const cpu = ctx.pid ? own[2] : null;
		const napi = NAPI_PIDS.length ? napiS : null;
		const d = (k) => Math.round(100 * (busy[k] - busy0[k])) / 100;
		const pace = s.first_to_last_s / Math.max(r.secs, 1e-6) - 1;
		const res = {
			rate, count, sent: r.sent, send_errors: r.errors, send_error: r.error,
			offered_pps: Math.round(r.sent / r.secs),
			late_max_us: r.late_max_us,
			received: s.received, lost: s.lost, loss: s.lost / count,
			delivered_pps: Math.round(s.received / Math.max(s.first_to_last_s, 1e-6)),
			backlog: Math.round(1000 * pace) / 1000,
			dup: s.dup, reordered: s.reordered, stale: s.stale, foreign: s.foreign,
			sample_ok: s.sample_ok, sample_bad: s.sample_bad,
			lossy_streams: s.lossy_streams, max_stream_loss: s.max_stream_loss,
			latency_us: rate ? { p50: s.p50_us, p90: s.p90_us, p99: s.p99_us,
				p999: s.p999_us, max: s.max_us } : null,
			relay_rcvbuf_drops: gw1.RcvbufErrors - gw0.RcvbufErrors,
			sink_rcvbuf_drops: sk1.RcvbufErrors - sk0.RcvbufErrors,
			// Where else packets were lost: the links' rings and backlogs.
			link_drops: { to_gateway: links1.to_gateway - links0.to_gateway,
				to_sink: links1.to_sink - links0.to_sink },
			wall_s: Math.round(1000 * wall) / 1000,
			cpu_s: cpu !== null ? Math.round(100 * cpu) / 100 : null,
			cpu_us_per_pkt: cpu !== null && s.received ?
				Math.round(cpu * 1e7 / s.received) / 10 : null,
			// Busy fraction of its core while traffic flowed.
			cpu_util: cpu !== null ? Math.round(100 * cpu /
				Math.max(r.secs, s.first_to_last_s, 1e-3)) / 100 : null,
			// The generator's and the sink's share: they are the
			// limit when the relay keeps up with all they can do.
			gen_cpu_s: Math.round(100 * own[0]) / 100,
			sink_cpu_s: Math.round(100 * own[1]) / 100,
			// The relay's time on its CPU and runnable but waiting for
			// it (schedstat, ns resolution), and what processes other
			// than ours took of the machine meanwhile.
			relay_run_s: sched ? Math.round(1000 * (sched.run - sched0.run)) / 1000 : null,
			relay_wait_s: sched ? Math.round(1000 * (sched.wait - sched0.wait)) / 1000 : null,
			gw_core_busy_s: d(`cpu${CPU_RELAY}`),
			// The relay's core as a whole (its process, its softirqs):
			// what a kernel relay costs, when the gateway's receive path
			// runs there (BENCH_GW_NAPI).
			gw_core_us_per_pkt: s.received ? Math.round(1e7 *
				(busy[`cpu${CPU_RELAY}`] - busy0[`cpu${CPU_RELAY}`]) / s.received) / 10 : null,
			gw_napi_cpu_s: napi !== null ? Math.round(100 * napi) / 100 : null,
			gw_napi_us_per_pkt: napi !== null && s.received ?
				Math.round(napi * 1e7 / s.received) / 10 : null,
			// Every core, whoever ran there: generator and sink included.
			system_busy_s: d('cpu'),
			system_us_per_pkt: s.received ?
				Math.round(1e7 * (busy.cpu - busy0.cpu) / s.received) / 10 : null,
			steal_s: d('cpu_steal'),
			others_cores: Math.round(100 * Math.max(0, (busy.cpu - busy0.cpu) -
				(busy.cpu_softirq - busy0.cpu_softirq) -
				(own.reduce((a, b) => a + b, 0) + (napi || 0))) / wall) / 100,
		};
		// Where the mode handled the packets (userspace, kernel, XDP): a
		// kernel mode that let them go through userspace measured
		// something else, and says so.
		if (mode.stepProof)
			res.proof = await mode.stepProof(ctx);
		if (mode.kernelPath && res.proof && s.received &&
		    (res.proof.kernel_packets < 0.99 * s.received || res.proof.user_packets > 0.01 * s.received))
			throw new Error(`${mode.name}: ${s.received} packets received, but the kernel handled ${res.proof.kernel_packets} and userspace ${res.proof.user_packets}: not the kernel path`);
		if (s.sample_bad && !allowBad)
			throw new Error(`${mode.name}: ${s.sample_bad} sampled packets failed to decrypt or check: ${s.why}`);
		// Not reaching the asked rate is the generator's limit, not a
		// pass for the relay at that rate.
		res.gen_limited = rate > 0 && res.offered_pps < 0.97 * rate;
		res.lossless = res.loss < LOSS_MAX && pace <= PACE_MAX;
		return res;
	} finally {
		await mode.endStep(ctx);
	}
}

function fmtStep(s) {
	const rate = s.rate ? `${(s.rate / 1000).toFixed(1)}k pps` : 'max rate';
	return `${rate}: sent ${s.sent} at ${(s.offered_pps / 1000).toFixed(1)}k, ` +
		`lost ${s.lost} (${(100 * s.loss).toFixed(3)} %), ` +
		`backlog ${(100 * s.backlog).toFixed(1)} %, ` +
		`relay drops ${s.relay_rcvbuf_drops}, sink drops ${s.sink_rcvbuf_drops}, ` +
		`link drops ${s.link_drops.to_gateway}/${s.link_drops.to_sink}` +
		(s.cpu_us_per_pkt !== null ? `, ${s.cpu_us_per_pkt} us cpu/pkt` : '') +
		(s.gw_napi_us_per_pkt !== null ? `, gateway rx thread ${s.gw_napi_us_per_pkt} us/pkt` : '') +
		(s.relay_run_s !== null ? `, relay ran ${s.relay_run_s} s waited ${s.relay_wait_s} s` : '') +
		(s.latency_us ? `, p99 ${s.latency_us.p99} us` : '') +
		`, gen ${s.gen_cpu_s} s sink ${s.sink_cpu_s} s, others ${s.others_cores} cores` +
		(s.steal_s ? `, steal ${s.steal_s} s` : '') +
		(s.gen_limited ? ' [generator-limited]' : '');
}

// The highest lossless rate, a few steps: a probe at maximum rate, then
// fixed rates from 90 % of what the probe delivered (or of what the relay's
// CPU time per packet in it suggests, if more), up by 30 % after a
// pass and down by 30 % after a failure until both are seen, then
// bisection (geometric) until the bracket is within 5 % or the steps run
// out.
async function search(g, size) {
	const steps = [];
	const probeCount = Math.max(g.calls * 20,
		opt.probe ? Number(opt.probe) : size > 500 ? 150000 : 300000);
	const probe = await measure(g, { rate: 0, count: probeCount, size });
	log(`    probe ${fmtStep(probe)}; delivered ${(probe.delivered_pps / 1000).toFixed(1)}k pps`);
	steps.push(probe);
	let lo = 0;
	let hi = Infinity;
	let best = null;
	let genBound = false;
	// Under overload a relay may deliver far less than it can relay
	// (rtpengine drops sockets): its CPU time per packet in the probe
	// gives another estimate of one core's worth.
	// A kernel relay's cost is its core's (the receive path), not a
	// process's.
	const usPerPkt = g.mode.kernelPath ? probe.gw_core_us_per_pkt : probe.cpu_us_per_pkt;
	const byCpu = usPerPkt ? Math.min(1e6 / usPerPkt, probe.offered_pps) : 0;
	let rate = Math.max(1000,
		Math.round(0.9 * Math.max(probe.delivered_pps, byCpu) / 100) * 100);
	for (let i = 0; i < MAX_STEPS; i++) {
		const count = Math.max(g.calls * 10, Math.round(rate * STEP_MS / 1000));
		let s = await measure(g, { rate, count, size });
		steps.push(s);
		log(`    step ${i + 1}: ${fmtStep(s)}`);
		if (!s.lossless && !s.gen_limited && s.loss < MARGINAL_LOSS &&
		    s.backlog <= MARGINAL_PACE) {
			const again = await measure(g, { rate, count, size });
			again.retry = true;
			steps.push(again);
			log(`    step ${i + 1} again: ${fmtStep(again)}`);
			s = again.lossless ? again : s;
		}
		if (s.lossless && s.gen_limited) {
			// The relay took all the generator could give.
			genBound = true;
			if (s.offered_pps > lo) {
				lo = s.offered_pps;
				best = s;
			}
			break;
		}
		if (s.lossless) {
			lo = rate;
			best = s;
		} else {
			// Failed at what the generator managed, if less.
			hi = Math.min(rate, s.offered_pps);
		}
		if (lo && hi / lo <= 1.05)
			break;
		// Nothing failed yet: the start was low (a relay that livelocked
		// in the probe gives a poor estimate), climb fast.
		if (hi === Infinity)
			rate = Math.round(rate * 1.5 / 100) * 100;
		else if (!lo)
			rate = Math.round(rate * 0.7 / 100) * 100;
		else
			rate = Math.round(Math.sqrt(lo * hi) / 100) * 100;
	}
	// The whole machine's CPU per packet at a rate every mode relays.
	let common = null;
	if (COMMON_RATE) {
		common = await measure(g, { rate: COMMON_RATE,
			count: Math.max(g.calls * 10, Math.round(COMMON_RATE * STEP_MS / 1000)), size });
		log(`    at the common rate: ${fmtStep(common)}, ${common.system_us_per_pkt} us/pkt for the machine`);
	}
	return {
		lossless_pps: lo || null,
		lossy_pps: hi === Infinity ? null : hi,
		generator_bound: genBound,
		// A lower bound when the generator ran out or no step failed.
		bound: genBound || hi === Infinity ? 'lower' : 'exact',
		// A failure below the best pass: noise or a cliff, say so.
		monotonic: !steps.some((s) => s.rate && !s.lossless &&
			Math.min(s.rate, s.offered_pps) < lo &&
			!steps.some((t) => t.lossless && t.rate === s.rate)),
		max_rate_delivered_pps: probe.delivered_pps,
		at_lossless: best,
		at_common_rate: common,
		steps,
	};
}

// Tampered packets must not come through a relay that re-encrypts.
async function tamperCheck(g) {
	const count = g.calls * 4;
	const s = await measure(g, { rate: 5000, count, size: 160, tamper: true });
	return { sent: count, delivered: s.received };
}

async function startPeers(calls, profile) {
	const args = ['--profiles', profile];
	const [gen, sink] = await Promise.all([
		Peer.start('bench_gen', inNs(opt['gen-ns'], CPU_PEERS),
			['--addr', '198.18.1.2', '--port', '5000', ...args]),
		Peer.start('bench_sink', inNs(opt['sink-ns'], CPU_PEERS),
			['--addr', '198.18.2.2', '--port', '6000', ...args]),
	]);
	await Promise.all([gen.ok(`legs ${calls}`), sink.ok(`legs ${calls}`)]);
	return { gen, sink };
}

// One mode with @calls calls: every payload size.
async function group(mode, calls, sizes, points) {
	const { gen, sink } = await startPeers(calls, profileOf(mode));
	const t = performance.now();
	let ctx;
	try {
		ctx = await mode.open({ calls, gen, sink, cpu: CPU_RELAY,
			profile: profileOf(mode), sinkNs: opt['sink-ns'] });
		log(`  ${mode.name}, ${calls} calls: set up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
		const g = { mode, ctx, gen, sink, calls };
		const tamper = mode.name === 'kernel-forward' ? null : await tamperCheck(g);
		if (tamper) {
			log(`    tampered packets: ${tamper.delivered} of ${tamper.sent} delivered`);
			if (tamper.delivered)
				throw new Error(`${mode.name} relayed ${tamper.delivered} packets with a bad authentication tag: not re-encrypting`);
		}
		for (const size of sizes) {
			log(`  ${mode.name}, ${calls} calls, ${size}-byte payloads:`);
			const r = await search(g, size);
			points.push({ mode: mode.name, calls, payload: size,
				srtp_profile: profileOf(mode), tamper_check: tamper, ...r });
		}
	} finally {
		if (ctx)
			await mode.close(ctx);
		await Promise.all([gen.quit(), sink.quit()]);
	}
}

// make check (tests/bench/): a short run through wrtcd with its counters
// before and after; then tampered packets; then a sink that has the wrong
// key for stream 0, to show that the sample check can fail.
async function check(file) {
	const calls = 4;
	const { gen, sink } = await startPeers(calls, PROFILE);
	let ctx;
	try {
		ctx = await wrtcd.open({ calls, gen, sink, cpu: CPU_RELAY, profile: PROFILE,
			sinkNs: opt['sink-ns'] });
		const g = { mode: wrtcd, ctx, gen, sink, calls };
		const before = await wrtcd.counters(ctx);
		const run = await measure(g, { rate: 2000, count: 400, size: 160 });
		const streams = (await sink.ok('streams')).split(' ').slice(2)
			.map((x) => x.split('/').map(Number))
			.map(([got, want, reordered]) => ({ got, want, reordered }));
		const after = await wrtcd.counters(ctx);
		const tamper = await measure(g, { rate: 2000, count: 40, size: 160, tamper: true });
		const final = await wrtcd.counters(ctx);
		await sink.ok(`sdes 0 198.18.0.1 9 ${PROFILE} ${'00'.repeat(30)}`);
		const wrongKey = await measure(g, { rate: 2000, count: 40, size: 160, allowBad: true });
		const { writeFileSync } = await import('node:fs');
		writeFileSync(file, JSON.stringify({ calls, run, streams, before, after, tamper,
			final, wrongKey }, null, 1));
	} finally {
		if (ctx)
			await wrtcd.close(ctx);
		await Promise.all([gen.quit(), sink.quit()]);
	}
}

async function main() {
	if (!opt['gen-ns'] || !opt['sink-ns'])
		throw new Error('bench.mjs runs from bench/run.sh (--gen-ns, --sink-ns)');
	if (opt.check)
		return check(opt.check);
	const calls = opt.calls.split(',').map(Number);
	const sizes = opt.sizes.split(',').map(Number);
	const modes = opt.modes.split(',');
	const started = new Date();
	const version = (cmd) => {
		const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
		return `${r.stdout || ''}${r.stderr || ''}`.trim().split('\n')[0] || null;
	};
	const wrtcdBin = path.join(BUILD, 'wrtcd');
	const meta = { date: started.toISOString(), host: hostname(), kernel: release(),
		versions: { wrtcd: version([wrtcdBin, '--version']),
			wrtcd_built: statSync(wrtcdBin).mtime.toISOString(),
			rtpengine: version(['rtpengine', '--version']) },
		load_before: loadavg().map((x) => Math.round(x * 100) / 100) };
	log(`bench: ${modes.join(', ')} x ${calls.join('/')} calls x ${sizes.join('/')} B; ` +
		`load average ${meta.load_before.join(' ')}`);
	const points = [];
	const failures = {};
	for (const m of modes) {
		if (!MODES[m])
			throw new Error(`unknown mode ${m}`);
	}
	// Modes inside, so that the points compared with each other are
	// measured close together in time: the machine's load drifts.
	for (const n of calls) {
		for (const m of modes) {
			try {
				await group(MODES[m], n, sizes, points);
			} catch (e) {
				// A mode that fails is reported as such; the others go on.
				log(`  ${m}, ${n} calls: FAILED: ${e.message}`);
				(failures[m] ||= []).push({ calls: n, error: e.message.slice(0, 2000) });
			}
		}
	}
	meta.load_after = loadavg().map((x) => Math.round(x * 100) / 100);
	meta.seconds = Math.round((Date.now() - started) / 1000);
	const results = writeResults({ meta, points, failures, modes, calls, sizes,
		config: { section: opt.section, step_ms: STEP_MS, max_steps: MAX_STEPS,
			loss_max: LOSS_MAX, backlog_max: PACE_MAX, probe: opt.probe ? Number(opt.probe) : null,
			common_rate: COMMON_RATE || null,
			srtp_profile: PROFILE, cpu_relay: CPU_RELAY, cpu_generator_sink: CPU_PEERS },
		out: opt.out });
	printTable(results);
	if (Object.keys(failures).length)
		process.exitCode = 1;
}

main().catch((e) => {
	process.stderr.write(`bench: ${e.stack || e}\n`);
	process.exit(1);
});
