// SPDX-License-Identifier: GPL-2.0
// The processes a benchmark run drives: bench_gen and bench_sink (one line
// per command, one line per answer), and the relays, whose CPU time comes
// from /proc/PID/stat. Every process started here is killed when this
// process exits, however it exits.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const TOP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD = process.env.WRTC_BUILD || path.join(TOP, 'build');

const running = new Set();
function killAll() {
	for (const p of running)
		p.kill('SIGKILL');
}
process.on('exit', killAll);
// Interrupted: exit through process.exit() so that the above runs.
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]])
	process.on(sig, () => process.exit(128 + n));

// Spawn @cmd (an argv); its stderr is kept for error messages. Resolves
// once it runs.
export function start(cmd, opts = {}) {
	const proc = spawn(cmd[0], cmd.slice(1),
		{ stdio: ['pipe', 'pipe', 'pipe'], ...opts });
	running.add(proc);
	const p = {
		proc, log: '', out: '',
		exited: new Promise((resolve) => proc.on('exit',
			(code, signal) => { running.delete(proc); resolve({ code, signal }); })),
	};
	proc.stderr.on('data', (b) => { p.log = (p.log + b).slice(-20000); });
	// A child that died is reported by its exit, not by a write to it.
	proc.stdin.on('error', () => {});
	p.stop = async (signal = 'SIGTERM', ms = 5000) => {
		if (proc.exitCode === null && proc.signalCode === null) {
			proc.kill(signal);
			const t = setTimeout(() => proc.kill('SIGKILL'), ms);
			await p.exited;
			clearTimeout(t);
		}
		return p.exited;
	};
	return p;
}

// Prefix that runs a command in network namespace @ns (null: this one),
// pinned to @cpus, at nice -20: the machine is shared, and the highest
// weight keeps other work from taking the benchmark's cores most of the
// time (bench.mjs records how much it took anyway). `ip netns exec`,
// nice and taskset all exec: the pid stays the program's.
export function inNs(ns, cpus) {
	return [...(ns ? ['ip', 'netns', 'exec', ns] : []),
		'nice', '-n', '-20', 'taskset', '-c', String(cpus)];
}

// bench_gen or bench_sink.
export class Peer {
	static async start(name, prefix, args) {
		const p = new Peer(start([...prefix, path.join(BUILD, name), ...args]), name);
		const m = /^ready (\d+) (\S+) (\S+)$/.exec(await p.line(10000));
		assert.ok(m, `${name} did not start: ${p.p.log}`);
		[p.port, p.hash, p.fp] = [Number(m[1]), m[2], m[3]];
		return p;
	}

	constructor(p, name) {
		this.p = p;
		this.name = name;
		this.lines = [];
		this.waiters = [];
		readline.createInterface({ input: p.proc.stdout }).on('line', (l) => {
			const w = this.waiters.shift();
			if (w) {
				clearTimeout(w.timer);
				w.resolve(l);
			} else
				this.lines.push(l);
		});
		p.exited.then(({ code, signal }) => {
			for (const w of this.waiters.splice(0)) {
				clearTimeout(w.timer);
				w.reject(new Error(`${name} exited (${code ?? signal}): ${p.log}`));
			}
		});
	}

	line(timeout) {
		if (this.lines.length)
			return Promise.resolve(this.lines.shift());
		return new Promise((resolve, reject) => {
			const w = { resolve, reject };
			w.timer = setTimeout(() => {
				this.waiters.splice(this.waiters.indexOf(w), 1);
				reject(new Error(`${this.name}: no answer in ${timeout} ms: ${this.p.log}`));
			}, timeout);
			this.waiters.push(w);
		});
	}

	// Send commands without waiting (their answers queue up in order).
	send(...cmds) {
		this.p.proc.stdin.write(cmds.map((c) => `${c}\n`).join(''));
	}

	// One command; its "ok ..." answer, or an error.
	async ok(cmd, timeout = 60000) {
		this.send(cmd);
		const r = await this.line(timeout);
		if (!r.startsWith('ok '))
			throw new Error(`${this.name} ${cmd.split(' ')[0]}: ${r}`);
		return r;
	}

	// Many commands at once; every answer must be "ok".
	async okAll(cmds, timeout = 60000) {
		this.send(...cmds);
		for (const c of cmds) {
			const r = await this.line(timeout);
			if (!r.startsWith('ok '))
				throw new Error(`${this.name} ${c.split(' ')[0]}: ${r}`);
		}
	}

	quit() {
		this.p.proc.stdin.end('quit\n');
		return this.p.stop('SIGTERM', 3000);
	}
}

// "ok what a=1 b=2.5" as { a: 1, b: 2.5 } (numbers where they are).
export function fields(line) {
	return Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)]
		.map(([, k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]));
}

const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// utime + stime of a process (all its threads), in seconds.
export function cpuSeconds(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may
	// hold spaces: field 3 (state) is rest[0], utime (14) rest[11].
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(rest[11]) + Number(rest[12])) / HZ;
}

// UDP counters of /proc/net/snmp in @ns (this process's own when null).
export function udpCounters(ns) {
	const text = ns ? execFileSync('ip', ['netns', 'exec', ns, 'cat', '/proc/net/snmp'],
		{ encoding: 'utf8' }) : readFileSync('/proc/net/snmp', 'utf8');
	const [names, values] = text.split('\n').filter((l) => l.startsWith('Udp:'))
		.map((l) => l.split(/\s+/).slice(1));
	return Object.fromEntries(names.map((n, i) => [n, Number(values[i])]));
}

// Run @fn over @items with at most @n at a time.
export async function pool(items, n, fn) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

// Busy time of each CPU and of all of them, in seconds, from /proc/stat:
// everything but idle, iowait and steal.
export function cpuBusy() {
	const out = {};
	for (const l of readFileSync('/proc/stat', 'utf8').split('\n')) {
		const m = /^(cpu\d*) (.*)/.exec(l);
		if (!m)
			continue;
		const v = m[2].trim().split(/\s+/).map(Number);
		// user nice system idle iowait irq softirq steal (guest is in
		// user); steal, time the hypervisor gave to others, apart.
		out[m[1]] = (v[0] + v[1] + v[2] + v[5] + v[6]) / HZ;
		out[`${m[1]}_softirq`] = (v[5] + v[6]) / HZ;
		out[`${m[1]}_steal`] = v[7] / HZ;
	}
	return out;
}

// The pids of the kernel threads that run @dev's NAPI, one per receive
// queue (threaded NAPI, bench/netns.sh BENCH_GW_NAPI); none without it.
export function napiThreads(dev) {
	const pids = [];
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid))
			continue;
		try {
			if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith(`napi/${dev}-`))
				pids.push(Number(pid));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

// Packets the benchmark's links dropped (bench/netns.sh): towards the
// gateway, counted by the generator's device wbgen (a full receive ring or
// backlog on the gateway's side), and towards the sink, by the gateway's
// wbgw1 (the sink's ring or backlog full, XDP redirects included).
export function linkDrops(genNs) {
	const gen = Number(execFileSync('ip', ['netns', 'exec', genNs, 'cat',
		'/sys/class/net/wbgen/statistics/tx_dropped'], { encoding: 'utf8' }));
	const sink = Number(readFileSync('/sys/class/net/wbgw1/statistics/tx_dropped', 'utf8'));
	return { to_gateway: gen, to_sink: sink };
}

// Scheduler figures of a process, summed over its threads, in seconds:
// time on a CPU, and time runnable but waiting for one (schedstat).
export function schedSeconds(pid) {
	let run = 0;
	let wait = 0;
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			const [r, w] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')
				.split(' ').map(Number);
			run += r / 1e9;
			wait += w / 1e9;
		} catch {
			// the thread ended meanwhile
		}
	}
	return { run, wait };
}
