// SPDX-License-Identifier: GPL-2.0
// What a benchmark run leaves: bench/results/<date>-<host>.json, a PNG plot
// next to it (gnuplot), and a table on the terminal. Modes that come with
// later issues have their slot, marked "not measured" with the reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PLANNED = {
	'wrtcd-xdp': 'not measured: the XDP fast path (bpf/wrtc_xdp) does not relay yet; it comes with its own issue',
	'wrtcd-kmod': 'not measured: wrtc.ko cannot load on this host (CONFIG_MODULES is off); the kernel-module path comes with its own issue and runs in a qemu guest, whose timings are emulated',
};
const LABELS = {
	wrtcd: 'wrtcd userspace relay (one core)',
	rtpengine: 'rtpengine 10.5 userspace (one core)',
	'kernel-forward': 'kernel IP forwarding, no SRTP work (reference)',
};

function ratio(a, b) {
	return a && b ? Math.round(100 * a / b) / 100 : null;
}

export function writeResults({ meta, points, failures, modes, calls, sizes, config, out }) {
	const modeInfo = {};
	for (const m of modes) {
		modeInfo[m] = failures[m] ?
			{ label: LABELS[m], status: 'failed', failures: failures[m] } :
			{ label: LABELS[m], status: 'measured' };
	}
	for (const [m, reason] of Object.entries(PLANNED))
		modeInfo[m] = { status: 'not measured', reason };
	const find = (mode, n, size) => points.find((p) => p.mode === mode &&
		p.calls === n && p.payload === size);
	const workloads = [];
	for (const n of calls) {
		for (const size of sizes) {
			const w = find('wrtcd', n, size);
			const r = find('rtpengine', n, size);
			// A generator-bound figure is a lower bound, and so is a
			// ratio with it on top (an upper bound with it below).
			const wl = w?.bound === 'lower';
			const rl = r?.bound === 'lower';
			const bound = wl ? (rl ? 'none' : 'lower') : rl ? 'upper' : 'exact';
			workloads.push({ calls: n, payload: size,
				wrtcd_over_rtpengine: ratio(w?.lossless_pps, r?.lossless_pps),
				ratio_is: bound });
		}
	}
	const results = { version: 1, ...meta, config, modes: modeInfo, workloads, points };
	mkdirSync(out, { recursive: true });
	const day = meta.date.slice(0, 19).replace(/[:T]/g, '-');
	const base = path.join(out, `${day}-${meta.host}`);
	results.files = { json: `${base}.json`, png: `${base}.png` };
	writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 1)}\n`);
	try {
		plot(results, base);
	} catch (e) {
		results.files.png = null;
		process.stderr.write(`bench: no plot: ${e.message}\n`);
	}
	return results;
}

// Clustered bars: lossless packets/s per workload, one bar per mode, each
// labelled with its value (">=" for a lower bound).
function plot(results, base) {
	const measured = Object.keys(results.modes).filter((m) => results.modes[m].status !== 'not measured');
	const n = measured.length;
	const rows = results.workloads.map((w) => [`${w.calls}c/${w.payload}B`,
		...measured.flatMap((m) => {
			const p = results.points.find((q) => q.mode === m &&
				q.calls === w.calls && q.payload === w.payload);
			const v = p?.lossless_pps ?? 0;
			return [v, `"${p?.bound === 'lower' ? '>=' : ''}${v ? k(v) : 'n/a'}"`];
		})]);
	writeFileSync(`${base}.dat`, rows.map((r) => r.join(' ')).join('\n') + '\n');
	const bars = measured.map((m, i) =>
		`'${base}.dat' using ${2 * i + 2}:xtic(1) title '${m}'`);
	// Bar j of n in cluster x is centred at x + (j - (n - 1) / 2) / (n + gap).
	const labels = measured.map((m, i) =>
		`'${base}.dat' using ($0 + ${(i - (n - 1) / 2) / (n + 1)}):${2 * i + 2}:${2 * i + 3} ` +
		'with labels offset 0,0.7 font ",8" notitle');
	const script = [
		'set terminal pngcairo size 1000,560 font "sans,10" noenhanced',
		`set output '${base}.png'`,
		`set title "Highest rate relayed with < ${100 * results.config.loss_max} % loss, SRTP ${results.config.srtp_profile}, relay on one core\\n${results.host}, ${results.date.slice(0, 10)}, load average ${results.load_before[0]}"`,
		'set ylabel "packets per second"',
		'set xlabel "calls / payload bytes"',
		'set style data histograms',
		'set style histogram clustered gap 1',
		'set style fill solid 0.8 border -1',
		'set key top right',
		'set grid ytics',
		'set yrange [0:*]',
		'set offsets 0, 0, graph 0.08, 0',
		'set format y "%.0s%c"',
		`plot ${[...bars, ...labels].join(', ')}`,
	].join('\n');
	try {
		execFileSync('gnuplot', [], { input: script });
	} finally {
		unlinkSync(`${base}.dat`);
	}
}

function k(x) {
	return x === null || x === undefined ? '-' : `${(x / 1000).toFixed(1)}k`;
}

function cell(p) {
	if (!p)
		return 'failed';
	if (!p.lossless_pps)
		return `< ${k(p.lossy_pps)}`;
	const a = p.at_lossless;
	const extra = [a?.cpu_us_per_pkt ? `${a.cpu_us_per_pkt}us` : null,
		// Behind schedule, latency counts the generator's lag too.
		a?.latency_us && !a.gen_limited ?
			`p99 ${(a.latency_us.p99 / 1000).toFixed(1)}ms` : null]
		.filter(Boolean).join(' ');
	return `${p.bound === 'lower' ? '>=' : ''}${p.monotonic === false ? '~' : ''}` +
		`${k(p.lossless_pps)}${extra ? ` (${extra})` : ''}`;
}

const RATIO_MARK = { exact: '', lower: '>=', upper: '<=', none: '?' };

export function printTable(r) {
	const modes = Object.keys(r.modes);
	const head = ['calls', 'payload', ...modes, 'wrtcd/rtpengine'];
	const rows = r.workloads.map((w) => [String(w.calls), `${w.payload} B`,
		...modes.map((m) => r.modes[m].status === 'not measured' ? 'n/m' :
			cell(r.points.find((p) => p.mode === m && p.calls === w.calls &&
				p.payload === w.payload))),
		w.wrtcd_over_rtpengine === null ? '-' :
			`${RATIO_MARK[w.ratio_is]}${w.wrtcd_over_rtpengine.toFixed(2)}x`]);
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	const out = [
		'',
		`Highest rate with < ${100 * r.config.loss_max} % loss and a backlog under ` +
			`${100 * r.config.backlog_max} % (packets/s), SRTP ${r.config.srtp_profile}`,
		'(relay CPU time per relayed packet, one-way p99 latency at that rate; ' +
			'>= lower bound: generator-bound or no step failed, ~ not monotonic, n/m not measured)',
		line(head),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map(line),
		'',
		...Object.entries(r.modes).filter(([, v]) => v.status !== 'measured')
			.map(([m, v]) => `${m}: ${v.reason || `${v.status}: ${v.failures.map((f) => `${f.calls} calls: ${f.error.split('\n')[0]}`).join('; ')}`}`),
		`load average ${r.load_before.join(' ')} before, ${r.load_after.join(' ')} after; ${r.seconds} s`,
		`results: ${r.files.json}${r.files.png ? `, ${r.files.png}` : ''}`,
		'',
	];
	process.stdout.write(out.join('\n'));
}
