// SPDX-License-Identifier: GPL-2.0
// Debian's Chromium, driven by playwright-core, and wrtcd, both inside the
// test's network namespace; pages at wrtcd's origin with page.js loaded;
// placing a call; polling.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from '../signaling/helpers.mjs';
import { CHROMIUM } from './netns.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGE_JS = path.join(here, 'page.js');

// PLATFORM.md, "Real WebRTC peers". Playwright adds --headless and its
// own --disable-features list: no second --disable-features here.
const FLAGS = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update',
	'--disable-sync', '--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
	'--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

async function loadPlaywright() {
	try {
		return (await import('playwright-core')).chromium;
	} catch (e) {
		throw new Error('playwright-core is not installed (tools/deps.sh ' +
			`installs it from package-lock.json): ${e.message}`);
	}
}

// Profiles and wrappers still there when the test process exits (also
// on SIGINT/SIGTERM: netns.mjs exits then) go with it.
const dirs = new Set();
process.on('exit', () => {
	for (const dir of dirs)
		rmSync(dir, { recursive: true, force: true });
});

// Chromium in netns @ns: playwright starts it through a wrapper that
// enters the namespace (playwright takes no command prefix).
export async function launchBrowser(ns) {
	const chromium = await loadPlaywright();
	const dir = mkdtempSync(path.join(tmpdir(), 'wrtc-e2e-'));
	dirs.add(dir);
	const wrapper = path.join(dir, 'chromium');
	writeFileSync(wrapper, '#!/bin/sh\n' +
		`exec ip netns exec '${ns.name}' '${CHROMIUM}' "$@"\n`, { mode: 0o755 });
	let ctx;
	try {
		// Playwright refuses --user-data-dir among the args.
		ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
			executablePath: wrapper, headless: true, args: FLAGS,
			// Granted, so host candidates carry raw IPs, not mDNS names.
			permissions: ['camera', 'microphone'], timeout: 60000,
		});
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		dirs.delete(dir);
		throw e;
	}
	const errors = [], consoleErrors = [];
	const used = new Set();
	return {
		ctx, errors, consoleErrors,
		// A page at @d's origin, so /ws and /api/calls are same-origin and
		// the context is secure (getUserMedia). Its document must come from
		// wrtcd: Chromium's Local Network Access checks block a page that
		// the test fulfilled itself (page.route) from reaching 127.0.0.1.
		// /api/calls has no script of its own; setContent() then replaces
		// the JSON, keeping the origin, and page.js is loaded.
		// With @opts.path (e.g. '/'), the page is wrtcd's own document
		// at that path, as a user opens it, without page.js.
		async page(d, label, opts = {}) {
			// The first page is the one Chromium opened at start.
			const page = ctx.pages().find((p) => !used.has(p)) ||
				await ctx.newPage();
			used.add(page);
			page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
			page.on('console', (m) => {
				if (['error', 'warning'].includes(m.type()) &&
				    !m.location().url.endsWith('/favicon.ico'))
					consoleErrors.push(`${label}: ${m.text()}`);
			});
			if (opts.path) {
				await page.goto(d.url + opts.path);
				return page;
			}
			await page.goto(`${d.url}/api/calls`);
			await page.setContent(`<!doctype html><title>wrtc e2e ${label}</title>`);
			await page.addScriptTag({ path: PAGE_JS });
			return page;
		},
		async close() {
			try {
				await ctx.close();
			} finally {
				rmSync(dir, { recursive: true, force: true });
				dirs.delete(dir);
			}
		},
	};
}

// @caller calls @callee (page ids @callerId, @calleeId) through the
// gateway; the callee answers, tampering its fingerprint if @tamper.
export async function placeCall(caller, callerId, callee, calleeId,
	{ tamper = false } = {}) {
	const [from] = await Promise.all([
		callee.evaluate((t) => e2e.answer({ tamper: t }), tamper),
		caller.evaluate((to) => e2e.call(to), calleeId),
	]);
	if (from !== callerId)
		throw new Error(`${calleeId} got an offer from ${from}, not ${callerId}`);
}

// Poll @fn (returns { ok, detail }, or { fail: why, detail } to give up)
// every @interval ms until ok, or throw after @timeout ms with the last
// detail. Deadlines are generous: two cores run four pages' codecs, the
// gateway and the test.
export async function waitFor(what, fn, { timeout = 60000, interval = 500 } = {}) {
	const deadline = Date.now() + timeout;
	let last;
	for (;;) {
		try {
			last = await fn();
			if (last.ok)
				return last.detail;
		} catch (e) {
			last = { detail: `threw: ${e.message}` };
		}
		const why = last.fail || (Date.now() > deadline &&
			`not within ${timeout / 1000} s`);
		if (why)
			throw new Error(`${what}: ${why}; last seen: ` +
				JSON.stringify(last.detail, null, 1));
		await new Promise((r) => setTimeout(r, interval));
	}
}

// The gateway's media address: not the browsers' 127.0.0.1, so an ICE
// pair that ends there can only end at the gateway.
export const GATEWAY_ADDR = '127.0.0.2';

// Start wrtcd with @args and Chromium, both in @ns; run @fn(d, browser);
// stop both. A failure carries wrtcd's exit status and last log lines;
// wrtcd must also exit cleanly (status 0 on SIGTERM, no crash) when all
// went well.
// WRTC_E2E_LOG_LEVEL=debug gives wrtcd's debug log.
export async function withGateway(ns, args, fn) {
	const level = process.env.WRTC_E2E_LOG_LEVEL;
	const d = await startDaemon(['--media-addr', GATEWAY_ADDR,
		...(level ? ['--log-level', level] : []), ...args],
	{ prefix: ns.prefix });
	let browser, failure;
	try {
		browser = await launchBrowser(ns);
		await fn(d, browser);
	} catch (e) {
		failure = e;
	}
	try {
		await browser?.close();
	} catch (e) {
		failure ??= e;
	}
	const { code, signal } = await d.stop();
	const exit = signal ? `killed by ${signal}` : `exit status ${code}`;
	if (!failure && (signal || code !== 0))
		failure = new Error(`wrtcd did not stop cleanly: ${exit}`);
	if (failure) {
		const tail = d.log.split('\n').slice(-60).join('\n');
		if (browser?.consoleErrors.length)
			failure.message += '\n--- browser console errors ---\n' +
				browser.consoleErrors.slice(-20).join('\n');
		failure.message += `\n--- wrtcd (${exit}), last log lines ---\n${tail}`;
		throw failure;
	}
}
