// SPDX-License-Identifier: GPL-2.0
// What a benchmark run leaves: bench/results/<date>-<host>.json, a PNG plot
// next to it (gnuplot), and a table on the terminal. The host section's
// results carry the guest section's (bench/guest/run.sh) under "guest" once
// it ran: a panel of the plot and a table of their own, marked emulated.
// `node bench/report.mjs --merge HOST.json GUEST.json` does that merge.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Modes a section does not run, with where they are measured instead.
const ELSEWHERE = {
	host: {
		'wrtcd-kernel': 'measured in the guest section (bench/guest/run.sh): wrtc.ko cannot load on this host (CONFIG_MODULES is off), so it runs in a qemu guest whose timings are emulated',
	},
	guest: {},
};
const LABELS = {
	wrtcd: 'wrtcd userspace relay (one core)',
	'wrtcd-xdp': 'wrtcd userspace relay behind wrtc_xdp (classify and pass, no wrtc.ko)',
	'wrtcd-kernel': 'wrtc_xdp + wrtc.ko (kernel)',
	'wrtcd-gcm': 'wrtcd userspace relay, AEAD_AES_128_GCM',
	'wrtcd-kernel-gcm': 'wrtc_xdp + wrtc.ko, AEAD_AES_128_GCM',
	rtpengine: 'rtpengine 10.5 userspace (one core)',
	'rtpengine-kernel': 'rtpengine 10.5 kernel module (xt_RTPENGINE)',
	'kernel-forward': 'kernel IP forwarding, no SRTP work (reference)',
};
// The ratios of lossless rates each table shows, when both modes ran.
const RATIOS = [
	['wrtcd', 'rtpengine'],
	['wrtcd-xdp', 'wrtcd'],
	['wrtcd-kernel', 'rtpengine-kernel'],
	['wrtcd-kernel', 'wrtcd'],
	['wrtcd-kernel-gcm', 'wrtcd-gcm'],
];

function ratio(a, b) {
	return a && b ? Math.round(100 * a / b) / 100 : null;
}

function findPoint(points, mode, n, size) {
	return points.find((p) => p.mode === mode && p.calls === n && p.payload === size);
}

// CPU per packet over the kernel-forwarding reference at the common rate:
// what relaying costs the machine beyond moving the packets.
function overForward(points, p) {
	const ref = findPoint(points, 'kernel-forward', p.calls, p.payload);
	const a = p.at_common_rate?.system_us_per_pkt;
	const b = ref?.at_common_rate?.system_us_per_pkt;
	return a !== undefined && a !== null && b !== undefined && b !== null ?
		Math.round(10 * (a - b)) / 10 : null;
}

function workloads(points, modes, calls, sizes) {
	const out = [];
	for (const n of calls) {
		for (const size of sizes) {
			const ratios = {};
			for (const [a, b] of RATIOS) {
				if (!modes.includes(a) || !modes.includes(b))
					continue;
				const pa = findPoint(points, a, n, size);
				const pb = findPoint(points, b, n, size);
				// A generator-bound figure is a lower bound, and so is a
				// ratio with it on top (an upper bound with it below).
				const al = pa?.bound === 'lower';
				const bl = pb?.bound === 'lower';
				ratios[`${a}/${b}`] = {
					ratio: ratio(pa?.lossless_pps, pb?.lossless_pps),
					is: al ? (bl ? 'none' : 'lower') : bl ? 'upper' : 'exact',
				};
			}
			const w = { calls: n, payload: size, ratios };
			// The name earlier results had, kept for readers of them.
			if (ratios['wrtcd/rtpengine']) {
				w.wrtcd_over_rtpengine = ratios['wrtcd/rtpengine'].ratio;
				w.ratio_is = ratios['wrtcd/rtpengine'].is;
			}
			out.push(w);
		}
	}
	return out;
}

export function writeResults({ meta, points, failures, modes, calls, sizes, config, out }) {
	const section = config.section || 'host';
	const modeInfo = {};
	for (const m of modes) {
		modeInfo[m] = failures[m] ?
			{ label: LABELS[m], status: 'failed', failures: failures[m] } :
			{ label: LABELS[m], status: 'measured' };
	}
	for (const [m, reason] of Object.entries(ELSEWHERE[section] || {})) {
		if (!modeInfo[m])
			modeInfo[m] = { label: LABELS[m], status: 'not measured', reason };
	}
	for (const p of points)
		p.over_forward_us_per_pkt = p.mode === 'kernel-forward' ? null :
			overForward(points, p);
	const results = { version: 2, section, ...meta, config, modes: modeInfo,
		workloads: workloads(points, modes, calls, sizes), points };
	if (section === 'guest')
		results.emulated = 'qemu TCG: every timing is emulated; compare ratios within this run only, never with the host section';
	mkdirSync(out, { recursive: true });
	const day = meta.date.slice(0, 19).replace(/[:T]/g, '-');
	const base = path.join(out, `${day}-${meta.host}${section === 'host' ? '' : `-${section}`}`);
	results.files = { json: `${base}.json`, png: `${base}.png` };
	save(results, base);
	return results;
}

function save(results, base) {
	try {
		plot(results, base);
	} catch (e) {
		results.files.png = null;
		process.stderr.write(`bench: no plot: ${e.message}\n`);
	}
	writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 1)}\n`);
}

// One panel: clustered bars of lossless packets/s per workload, one bar
// per measured mode, each labelled with its value (">=" for a lower bound).
function panel(r, base, tag, title) {
	const measured = Object.keys(r.modes).filter((m) => r.modes[m].status !== 'not measured');
	const n = measured.length;
	const rows = r.workloads.map((w) => [`${w.calls}c/${w.payload}B`,
		...measured.flatMap((m) => {
			const p = findPoint(r.points, m, w.calls, w.payload);
			const v = p?.lossless_pps ?? 0;
			return [v, `"${p?.bound === 'lower' ? '>=' : ''}${v ? k(v) : 'n/a'}"`];
		})]);
	const dat = `${base}.${tag}.dat`;
	writeFileSync(dat, rows.map((row) => row.join(' ')).join('\n') + '\n');
	const bars = measured.map((m, i) =>
		`'${dat}' using ${2 * i + 2}:xtic(1) title '${m}'`);
	// Bar j of n in cluster x is centred at x + (j - (n - 1) / 2) / (n + gap).
	const labels = measured.map((m, i) =>
		`'${dat}' using ($0 + ${(i - (n - 1) / 2) / (n + 1)}):${2 * i + 2}:${2 * i + 3} ` +
		'with labels offset 0,0.7 font ",7" notitle');
	return { dat, script: [
		`set title "${title}"`,
		'set ylabel "packets per second"',
		'set xlabel "calls / payload bytes"',
		`plot ${[...bars, ...labels].join(', ')}`,
	] };
}

function plot(results, base) {
	const g = results.guest;
	const loss = 100 * results.config.loss_max;
	const panels = [panel(results, base, 'host',
		`${results.section === 'guest' ? 'qemu guest (TCG, EMULATED: ratios only)' : 'host'}: highest rate relayed with < ${loss} % loss\\n${results.host}, ${results.date.slice(0, 10)}, load average ${results.load_before[0]}`)];
	if (g)
		panels.push(panel(g, base, 'guest',
			`qemu guest ${g.kernel} (TCG, EMULATED: compare ratios within the panel only)\\nkernel paths side by side, < ${loss} % loss`));
	const script = [
		`set terminal pngcairo size 1100,${560 * panels.length} font "sans,10" noenhanced`,
		`set output '${base}.png'`,
		`set multiplot layout ${panels.length},1`,
		'set style data histograms',
		'set style histogram clustered gap 1',
		'set style fill solid 0.8 border -1',
		'set key top right',
		'set grid ytics',
		'set yrange [0:*]',
		'set offsets 0, 0, graph 0.08, 0',
		'set format y "%.0s%c"',
		...panels.flatMap((p) => p.script),
		'unset multiplot',
	].join('\n');
	try {
		execFileSync('gnuplot', [], { input: script });
	} finally {
		for (const p of panels)
			unlinkSync(p.dat);
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
		// The relay's core as a whole: where kernel relays run (guest).
		a?.gw_napi_cpu_s !== null && a?.gw_napi_cpu_s !== undefined && a?.gw_core_us_per_pkt ?
			`core ${a.gw_core_us_per_pkt}us` : null,
		p.over_forward_us_per_pkt !== null && p.over_forward_us_per_pkt !== undefined ?
			`+${p.over_forward_us_per_pkt}us sys` : null,
		// Behind schedule, latency counts the generator's lag too.
		a?.latency_us && !a.gen_limited ?
			`p99 ${(a.latency_us.p99 / 1000).toFixed(1)}ms` : null]
		.filter(Boolean).join(' ');
	return `${p.bound === 'lower' ? '>=' : ''}${p.monotonic === false ? '~' : ''}` +
		`${k(p.lossless_pps)}${extra ? ` (${extra})` : ''}`;
}

const RATIO_MARK = { exact: '', lower: '>=', upper: '<=', none: '?' };

function table(r, heading) {
	const modes = Object.keys(r.modes);
	const ratioNames = [...new Set(r.workloads.flatMap((w) => Object.keys(w.ratios || {})))];
	const head = ['calls', 'payload', ...modes, ...ratioNames];
	const rows = r.workloads.map((w) => [String(w.calls), `${w.payload} B`,
		...modes.map((m) => r.modes[m].status === 'not measured' ? 'n/m' :
			cell(findPoint(r.points, m, w.calls, w.payload))),
		...ratioNames.map((n) => {
			const x = w.ratios[n];
			return !x || x.ratio === null ? '-' : `${RATIO_MARK[x.is]}${x.ratio.toFixed(2)}x`;
		})]);
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	return [
		'',
		heading,
		`Highest rate with < ${100 * r.config.loss_max} % loss and a backlog under ` +
			`${100 * r.config.backlog_max} % (packets/s); SRTP ${r.config.srtp_profile} unless the mode says`,
		'(relay process CPU time per relayed packet at that rate; core N us: the relay core\'s busy time per packet, the gateway\'s receive path included, where kernel relays run (guest); +N us sys: the whole machine\'s CPU per packet ' +
			'over kernel forwarding at the common rate; one-way p99 latency; >= lower bound: generator-bound or no ' +
			'step failed, ~ not monotonic, n/m not measured)',
		line(head),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map(line),
		'',
		...Object.entries(r.modes).filter(([, v]) => v.status !== 'measured')
			.map(([m, v]) => `${m}: ${v.reason || `${v.status}: ${v.failures.map((f) => `${f.calls} calls: ${f.error.split('\n')[0]}`).join('; ')}`}`),
		`load average ${r.load_before.join(' ')} before, ${r.load_after.join(' ')} after; ${r.seconds} s`,
	];
}

export function printTable(r) {
	const out = table(r, r.section === 'guest' ?
		`qemu guest ${r.kernel} (TCG): EMULATED timings, compare ratios within this table only` :
		`host ${r.host} (${r.kernel})`);
	if (r.guest)
		out.push(...table(r.guest, `qemu guest ${r.guest.kernel} (TCG): EMULATED timings, compare ratios within this table only`));
	out.push(`results: ${r.files.json}${r.files.png ? `, ${r.files.png}` : ''}`, '');
	process.stdout.write(out.join('\n'));
}

// The guest section's results into the host's: its JSON gains "guest",
// its plot the guest's panel; the guest's own files stay as they are.
export function mergeGuest(hostFile, guestFile) {
	const host = JSON.parse(readFileSync(hostFile, 'utf8'));
	const guest = JSON.parse(readFileSync(guestFile, 'utf8'));
	delete guest.files;
	host.guest = guest;
	for (const [m, v] of Object.entries(host.modes)) {
		if (v.status === 'not measured' && guest.modes[m]?.status === 'measured')
			host.modes[m] = { ...v, reason: `${v.reason}; see "guest"` };
	}
	save(host, hostFile.replace(/\.json$/, ''));
	return host;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [cmd, hostFile, guestFile] = process.argv.slice(2);
	if (cmd !== '--merge' || !hostFile || !guestFile) {
		process.stderr.write('usage: node bench/report.mjs --merge HOST.json GUEST.json\n');
		process.exit(2);
	}
	printTable(mergeGuest(hostFile, guestFile));
}
