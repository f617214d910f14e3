// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcd: parse the options, build the pieces, run the loop, take the
 * pieces down. What each piece does is in its own file; the flow of a
 * message or a packet through them is drawn in loop.c.
 */
#include <signal.h>
#include <stdlib.h>

#include "engines.h"
#include "fastpath.h"
#include "log.h"
#include "server.h"
#include "wrtcd.h"

static void log_settings(const struct config *cfg,
			 const struct media_addrs *media)
{
	char addrs[256];

	log_info("wrtcd %s starting", WRTCD_VERSION);
	media_addrs_describe(media, addrs, sizeof(addrs));
	log_info("media addresses %s, ports %u-%u", addrs, cfg->port_lo,
		 cfg->port_hi);
	log_info("limits: %u rooms, %u peers per room, %u calls",
		 cfg->max_rooms, cfg->max_room_peers, cfg->max_calls);
	config_srtp_profiles(cfg, addrs, sizeof(addrs));
	log_info(
		"SRTP profiles in order of preference: %s; ICE consent timeout %u s",
		addrs, cfg->consent_timeout);
}

int main(int argc, char **argv)
{
	static struct config cfg;
	static struct wrtcd gw;
	struct leg_env env;
	int ret = config_from_args(&cfg, argc, argv);

	if (ret)
		return ret < 0 ? 2 : 0;
	log_set_level(cfg.log_level);
	log_route_lws();
	/* A peer closing its socket mid-write must not kill the daemon. */
	signal(SIGPIPE, SIG_IGN);

	gw.cfg = &cfg;
	if (media_addrs_init(&gw.media, &cfg))
		return 1;
	log_settings(&cfg, &gw.media);
	if (fastpath_init(&gw.fastpath, &cfg, &gw.media))
		return 1;
	if (port_pool_init(&gw.ports, cfg.port_lo, cfg.port_hi)) {
		log_err("out of memory");
		fastpath_free(gw.fastpath);
		return 1;
	}
	if (identity_init(&gw.identity)) {
		port_pool_free(&gw.ports);
		fastpath_free(gw.fastpath);
		return 1;
	}
	uv_loop_init(&gw.loop);
	room_table_init(&gw.rooms, cfg.max_rooms, cfg.max_room_peers);
	env = (struct leg_env){
		.loop = &gw.loop,
		.media = &gw.media,
		.ports = &gw.ports,
		.hooks = &leg_hooks_engines,
		.cfg = &cfg,
		.identity = &gw.identity,
		.fastpath = gw.fastpath,
	};
	call_table_init(&gw.calls, cfg.max_calls, &env);

	wrtcd_catch_signals(&gw);
	ret = 0;
	if (fastpath_start(gw.fastpath, &gw.loop, &gw.calls) ||
	    server_start(&gw)) {
		/* Run only to let lws take back what it put on the loop. */
		wrtcd_stop(&gw);
		ret = 1;
	}
	if (wrtcd_run(&gw))
		ret = 1;
	if (uv_loop_close(&gw.loop))
		log_warn("event loop closed with handles still open");
	/* After every call is gone: no kernel leg is left to delete. */
	fastpath_free(gw.fastpath);
	identity_free(&gw.identity);
	port_pool_free(&gw.ports);
	log_info("stopped");
	return ret;
}
