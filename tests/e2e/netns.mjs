// SPDX-License-Identifier: GPL-2.0
// A network namespace of the test's own, with only `lo` up and no route
// anywhere else, where wrtcd and Chromium run. It goes away when the test
// ends, however it ends: failed, thrown, exited or interrupted.
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const CHROMIUM = process.env.WRTC_CHROMIUM || '/usr/bin/chromium';

// What the test cannot run without. These fail the test, never skip it:
// CI must not quietly pass over the browser test.
export function preflight() {
	if (process.getuid() !== 0)
		throw new Error('the browser end-to-end test must run as root: ' +
			'it creates a network namespace (ip netns add)');
	try {
		accessSync(CHROMIUM, constants.X_OK);
	} catch {
		throw new Error(`Chromium not found at ${CHROMIUM}: install ` +
			"Debian's chromium package (tools/deps.sh does)");
	}
	try {
		execFileSync('ip', ['-V'], { stdio: 'ignore' });
	} catch {
		throw new Error("'ip' (iproute2) not found: it creates the " +
			"test's network namespace");
	}
}

const live = new Set();

function ip(...args) {
	return execFileSync('ip', args, { encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'] });
}

// Remove @name: end what still runs in it (only this test's wrtcd and
// Chromium can be there: the name is ours alone), then delete it.
function removeNetns(name) {
	if (!live.delete(name))
		return;
	let pids = [];
	try {
		pids = ip('netns', 'pids', name).split(/\s+/).filter(Boolean);
	} catch {
		// already gone
	}
	for (const pid of pids) {
		try {
			process.kill(Number(pid), 'SIGKILL');
		} catch {
			// exited meanwhile
		}
	}
	try {
		ip('netns', 'del', name);
	} catch (e) {
		process.stderr.write(`e2e: cannot delete netns ${name}: ${e.stderr || e}\n`);
	}
}

function removeAll() {
	for (const name of [...live])
		removeNetns(name);
}

process.on('exit', removeAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		removeAll();
		process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]);
	});
}

// Create the namespace; returns { name, prefix, remove() }, where prefix
// runs a command inside it.
export function createNetns() {
	const name = `wrtc-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
	ip('netns', 'add', name);
	live.add(name);
	try {
		ip('-n', name, 'link', 'set', 'lo', 'up');
		const links = ip('-n', name, '-o', 'link', 'show')
			.split('\n').filter(Boolean);
		if (links.length !== 1 || !/^\d+: lo:/.test(links[0]))
			throw new Error(`netns ${name} has links besides lo:\n${links.join('\n')}`);
		const routes = ip('-n', name, 'route', 'show', 'default') +
			ip('-n', name, '-6', 'route', 'show', 'default');
		if (routes.trim())
			throw new Error(`netns ${name} has a default route: ${routes}`);
	} catch (e) {
		removeNetns(name);
		throw e;
	}
	return {
		name,
		prefix: ['ip', 'netns', 'exec', name],
		remove: () => removeNetns(name),
	};
}
