// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl monitor: wrtc.ko's notifications (the events multicast group),
 * one line each, until SIGINT or SIGTERM. Each line is flushed as it is
 * written, so that a pipe (a log shipper, a test) sees every event when
 * it happens. The signals are blocked except inside ppoll(): one that
 * arrives while a line is being written ends the loop after that line.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wrtcctl.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static const char *event_name(uint8_t cmd)
{
	switch (cmd) {
	case WRTC_CMD_LEG_IDLE_NTF:
		return "leg-idle";
	case WRTC_CMD_KEY_EXHAUST_NTF:
		return "key-exhaust";
	case WRTC_CMD_AUTH_FAIL_NTF:
		return "auth-fail";
	default:
		return "unknown";
	}
}

static json_t *event_json(const struct wrtcnl_event *ev)
{
	json_t *o = json_object();

	json_object_set_new(o, "event", json_string(event_name(ev->cmd)));
	json_object_set_new(o, "leg", json_integer(ev->leg_id));
	switch (ev->cmd) {
	case WRTC_CMD_LEG_IDLE_NTF:
		json_object_set_new(o, "idle_timeout",
				    json_integer(ev->idle_timeout));
		json_object_set_new(o, "stats",
				    ctl_stats_json(&ev->stats, true));
		break;
	case WRTC_CMD_KEY_EXHAUST_NTF:
		json_object_set_new(o, "direction",
				    json_string(ctl_direction(ev->direction)));
		json_object_set_new(o, "slot", json_string(ctl_slot(ev->slot)));
		json_object_set_new(o, "packets", ctl_u64(ev->packets));
		json_object_set_new(o, "packet_limit",
				    ctl_u64(ev->packet_limit));
		break;
	case WRTC_CMD_AUTH_FAIL_NTF:
		json_object_set_new(o, "stats",
				    ctl_stats_json(&ev->stats, true));
		break;
	default:
		/* A newer module's notification: at least say it came. */
		json_object_set_new(o, "cmd", json_integer(ev->cmd));
		break;
	}
	return o;
}

static void event_text(const struct wrtcnl_event *ev)
{
	const struct wrtcnl_stats *st = &ev->stats;

	switch (ev->cmd) {
	case WRTC_CMD_LEG_IDLE_NTF:
		printf("leg-idle leg %u: no packet for %u s (rx %llu packets, "
		       "%llu bytes)\n",
		       ev->leg_id, ev->idle_timeout,
		       (unsigned long long)st->rx_packets,
		       (unsigned long long)st->rx_bytes);
		break;
	case WRTC_CMD_KEY_EXHAUST_NTF:
		printf("key-exhaust leg %u: %s %s key at %llu of %llu "
		       "packets%s\n",
		       ev->leg_id, ctl_direction(ev->direction),
		       ctl_slot(ev->slot), (unsigned long long)ev->packets,
		       (unsigned long long)ev->packet_limit,
		       ev->packets >= ev->packet_limit ? ": exhausted" : "");
		break;
	case WRTC_CMD_AUTH_FAIL_NTF:
		printf("auth-fail leg %u: %llu authentication failures in "
		       "total\n",
		       ev->leg_id, (unsigned long long)st->auth_failures);
		break;
	default:
		printf("unknown event (command %u) leg %u\n", ev->cmd,
		       ev->leg_id);
		break;
	}
}

static int on_event(const struct wrtcnl_event *ev, void *arg)
{
	struct ctl *ctl = arg;

	if (ctl->json)
		return ctl_json_print(ctl, event_json(ev)) ? -EIO : 0;
	event_text(ev);
	return ctl_flush(ctl) ? -EIO : 0;
}

static int monitor(struct ctl *ctl, struct wrtcnl *nl, int fd,
		   const sigset_t *wait_mask)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct wrtc_err err = { 0 };
	int ret;

	while (!stop) {
		ret = ppoll(&p, 1, NULL, wait_mask);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return ctl_fail(ctl, "monitor", "poll: %s",
					strerror(errno));
		ret = wrtcnl_events_read(fd, wrtcnl_family_id(nl), on_event,
					 ctl, &err);
		if (ret == -EIO)
			return CTL_FAILED; /* stdout, said */
		/* Lost notifications are worth a word, not an exit. */
		if (ret == -ENOBUFS)
			ctl_fail(ctl, "monitor", "%s", err.msg);
		else if (ret < 0)
			return ctl_fail(ctl, "monitor", "%s", err.msg);
	}
	return CTL_OK;
}

int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct wrtc_err err = { 0 };
	sigset_t block, wait_mask;
	struct wrtcnl *nl;
	int fd, ret;

	if (argc > 1)
		return ctl_usage_error(ctl, "monitor: unexpected argument '%s'",
				       argv[1]);
	if (ctl_open(ctl, "monitor", &nl, false))
		return CTL_FAILED;
	fd = wrtcnl_events_open(nl, &err);
	if (fd < 0) {
		wrtcnl_close(nl);
		return ctl_fail(ctl, "monitor", "%s", err.msg);
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ret = monitor(ctl, nl, fd, &wait_mask);
	close(fd);
	wrtcnl_close(nl);
	return ret;
}
