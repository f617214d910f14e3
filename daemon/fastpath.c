// SPDX-License-Identifier: GPL-2.0
/*
 * Which data path media takes, and the process-wide pieces of the kernel
 * one: the netlink socket that owns the kernel legs and the XDP program
 * on its devices (see fastpath.h).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "fastpath.h"
#include "log.h"
#include "wrtc_xdp.h"
#include "wrtcnl.h"

struct fastpath_iface {
	char name[IF_NAMESIZE];
	int ifindex;
};

struct fastpath {
	struct wrtcnl *nl; /* NULL without the module */
	struct wrtc_xdp *xdp; /* NULL without XDP */
	bool kernel;
	/* wrtc.ko's events: a socket of their own, polled on the loop. */
	int events_fd;
	bool polling;
	uv_poll_t events;
	struct call_table *calls;
	unsigned int n_ifaces;
	struct fastpath_iface ifaces[WRTC_XDP_MAX_IFACES];
};

bool fastpath_kernel(const struct fastpath *fp)
{
	return fp && fp->kernel;
}

struct wrtcnl *fastpath_nl(struct fastpath *fp)
{
	return fp->nl;
}

static bool same_ip(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)a)
			       ->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)(const void *)b)
			       ->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		       &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr,
		       sizeof(struct in6_addr));
}

static int add_iface(struct fastpath *fp, const char *name, char *why,
		     size_t len)
{
	unsigned int i;
	int ifindex;

	for (i = 0; i < fp->n_ifaces; i++)
		if (!strcmp(fp->ifaces[i].name, name))
			return 0;
	if (fp->n_ifaces == WRTC_XDP_MAX_IFACES) {
		snprintf(why, len, "more than %d interfaces for XDP",
			 WRTC_XDP_MAX_IFACES);
		return -1;
	}
	ifindex = (int)if_nametoindex(name);
	if (!ifindex) {
		snprintf(why, len, "--xdp-iface %s: no such interface", name);
		return -1;
	}
	snprintf(fp->ifaces[fp->n_ifaces].name, IF_NAMESIZE, "%s", name);
	fp->ifaces[fp->n_ifaces++].ifindex = ifindex;
	return 0;
}

/*
 * The devices that carry the media addresses (what --xdp-iface defaults
 * to), loopback never: XDP there sees only what the host sends itself.
 */
static int media_ifaces(struct fastpath *fp, const struct media_addrs *media,
			char *why, size_t len)
{
	struct ifaddrs *all, *ifa;
	int ret = 0;

	if (getifaddrs(&all)) {
		snprintf(why, len, "cannot list the interfaces: %s",
			 strerror(errno));
		return -1;
	}
	for (ifa = all; ifa && !ret; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		for (size_t i = 0; i < media->n && !ret; i++)
			if (same_ip(ifa->ifa_addr,
				    (const struct sockaddr *)&media->addr[i].sa))
				ret = add_iface(fp, ifa->ifa_name, why, len);
	}
	freeifaddrs(all);
	return ret;
}

static const char *attach_mode(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	if (bpf_xdp_query(ifindex, 0, &q))
		return "?";
	switch (q.attach_mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offloaded";
	default:
		return "several programs";
	}
}

/* A device that refused the program: say what is there instead. */
static void attach_failed(const struct fastpath_iface *f, int err, char *why,
			  size_t len)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	if ((err == -EBUSY || err == -EEXIST) && !bpf_xdp_query(f->ifindex, 0, &q) &&
	    q.prog_id)
		snprintf(why, len,
			 "%s already has an XDP program (id %u): 'ip link set dev %s xdp off' removes it",
			 f->name, q.prog_id, f->name);
	else
		snprintf(why, len, "cannot attach wrtc_xdp to %s: %s", f->name,
			 strerror(-err));
}

/* Load the program and attach it to every device, or to none. */
static int xdp_up(struct fastpath *fp, const struct config *cfg, bool kfuncs,
		  char *why, size_t len)
{
	struct wrtc_xdp_opts opts = {
		.kfuncs = kfuncs ? WRTC_XDP_KFUNCS_AUTO : WRTC_XDP_KFUNCS_OFF,
		.verbose = cfg->log_level >= LOG_DEBUG,
	};
	struct wrtc_xdp_config xc = {
		.port_lo = cfg->port_lo,
		.port_hi = cfg->port_hi,
	};
	unsigned int i;
	int err;

	err = wrtc_xdp_open(&fp->xdp, &opts);
	if (err) {
		snprintf(why, len,
			 "cannot load the XDP program: %s (log-level debug shows the verifier's log)",
			 strerror(-err));
		return -1;
	}
	err = wrtc_xdp_set_config(fp->xdp, &xc);
	if (err) {
		snprintf(why, len, "cannot configure wrtc_xdp: %s",
			 strerror(-err));
		goto err_close;
	}
	for (i = 0; i < fp->n_ifaces; i++) {
		err = wrtc_xdp_attach(fp->xdp, fp->ifaces[i].ifindex, 0);
		if (err) {
			attach_failed(&fp->ifaces[i], err, why, len);
			goto err_close;
		}
	}
	return 0;
err_close:
	/* Detaches from the devices it was attached to already. */
	wrtc_xdp_close(fp->xdp);
	fp->xdp = NULL;
	return -1;
}

/* The kernel path needs forwarding on every device (bpf_fib_lookup). */
static int check_forwarding(const struct fastpath *fp,
			    const struct media_addrs *media, char *why,
			    size_t len)
{
	int need = 0;

	for (size_t i = 0; i < media->n; i++)
		need |= media->addr[i].sa.ss_family == AF_INET6 ?
				WRTC_XDP_FWD_IPV6 :
				WRTC_XDP_FWD_IPV4;
	for (unsigned int i = 0; i < fp->n_ifaces; i++) {
		int fwd = wrtc_xdp_forwarding(fp->ifaces[i].ifindex);
		int missing = fwd < 0 ? need : need & ~fwd;

		if (missing) {
			snprintf(why, len,
				 "forwarding is off on %s: the kernel path sends relayed packets on through the FIB (sysctl net.%s.conf.%s.forwarding=1)",
				 fp->ifaces[i].name,
				 missing & WRTC_XDP_FWD_IPV4 ? "ipv4" : "ipv6",
				 fp->ifaces[i].name);
			return -1;
		}
	}
	return 0;
}

static void describe_ifaces(const struct fastpath *fp, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < fp->n_ifaces && off < len; i++) {
		int r = snprintf(buf + off, len - off, "%s%s (%s)",
				 i ? ", " : "", fp->ifaces[i].name,
				 attach_mode(fp->ifaces[i].ifindex));

		if (r < 0)
			break;
		off += (size_t)r;
	}
}

/*
 * Try for the kernel path. 0 when it is there; -1 with the reason in
 * @why, leaving in @fp what still serves (the program, for counting).
 */
static int kernel_up(struct fastpath *fp, const struct config *cfg,
		     const struct media_addrs *media, char *why, size_t len)
{
	struct wrtc_err err = { "", 0 };
	int ret;

	for (size_t i = 0; i < cfg->n_xdp_iface; i++)
		if (add_iface(fp, cfg->xdp_iface[i], why, len))
			return -2; /* a mistake in the options: never ignored */
	ret = wrtcnl_open(&fp->nl, &err);
	if (ret) {
		if (ret == -ENOENT)
			snprintf(why, len,
				 "wrtc.ko is not loaded (no generic netlink family %s)",
				 WRTC_FAMILY_NAME);
		else
			snprintf(why, len, "the %s netlink family: %s",
				 WRTC_FAMILY_NAME, err.msg);
		/* Without the module, XDP only where the user asked for it. */
		if (fp->n_ifaces) {
			char xwhy[256];

			if (xdp_up(fp, cfg, false, xwhy, sizeof(xwhy)))
				log_warn("%s; media is not classified in XDP",
					 xwhy);
		}
		return -1;
	}
	if (!fp->n_ifaces && media_ifaces(fp, media, why, len))
		return -1;
	if (!fp->n_ifaces) {
		snprintf(why, len,
			 "no interface for the XDP program: the media addresses are on loopback only (--xdp-iface names one)");
		return -1;
	}
	if (check_forwarding(fp, media, why, len) ||
	    xdp_up(fp, cfg, true, why, len))
		return -1;
	if (!wrtc_xdp_has_kfuncs(fp->xdp)) {
		snprintf(why, len,
			 "wrtc.ko is loaded but its XDP kfuncs are not (a module built without BTF?)");
		return -1;
	}
	return 0;
}

int fastpath_init(struct fastpath **out, const struct config *cfg,
		  const struct media_addrs *media)
{
	struct fastpath *fp;
	char why[512], ifaces[256];
	int ret;

	*out = NULL;
	if (cfg->datapath == DATAPATH_USER) {
		if (cfg->n_xdp_iface)
			log_warn("--xdp-iface is ignored with --datapath user");
		log_info("datapath user: the userspace relay carries all media");
		return 0;
	}
	fp = calloc(1, sizeof(*fp));
	if (!fp) {
		log_err("out of memory");
		return -1;
	}
	fp->events_fd = -1;
	ret = kernel_up(fp, cfg, media, why, sizeof(why));
	if (ret == -2 || (ret && cfg->datapath == DATAPATH_KERNEL)) {
		log_err("--datapath %s: %s", datapath_mode_name(cfg->datapath),
			why);
		fastpath_free(fp);
		return -1;
	}
	describe_ifaces(fp, ifaces, sizeof(ifaces));
	if (ret) {
		if (fp->xdp)
			log_info(
				"datapath %s: userspace relay: %s; wrtc_xdp on %s classifies, counts and passes media (wrtcctl stats)",
				datapath_mode_name(cfg->datapath), why, ifaces);
		else
			log_info("datapath %s: userspace relay: %s",
				 datapath_mode_name(cfg->datapath), why);
		wrtcnl_close(fp->nl);
		fp->nl = NULL;
		if (!fp->xdp) {
			fastpath_free(fp);
			fp = NULL;
		}
		*out = fp;
		return 0;
	}
	fp->kernel = true;
	log_info(
		"datapath %s: kernel: wrtc_xdp with wrtc.ko's kfuncs on %s relays calls once DTLS is up on both legs (netlink port %u owns their kernel legs)",
		datapath_mode_name(cfg->datapath), ifaces,
		wrtcnl_portid(fp->nl));
	*out = fp;
	return 0;
}

static int on_event(const struct wrtcnl_event *ev, void *arg)
{
	struct fastpath *fp = arg;

	handover_event(fp->calls, ev);
	return 0;
}

static void on_events(uv_poll_t *h, int status, int events)
{
	struct fastpath *fp = h->data;
	struct wrtc_err err = { "", 0 };
	int ret;

	if (status < 0)
		return;
	ret = wrtcnl_events_read(fp->events_fd, wrtcnl_family_id(fp->nl),
				 on_event, fp, &err);
	if (ret == -ENOBUFS)
		log_warn("wrtc.ko events: some were lost (the socket's buffer was full)");
	else if (ret < 0 && ret != -EAGAIN)
		log_warn("wrtc.ko events: %s", err.msg);
}

int fastpath_start(struct fastpath *fp, uv_loop_t *loop,
		   struct call_table *calls)
{
	struct wrtc_err err = { "", 0 };

	if (!fastpath_kernel(fp))
		return 0;
	fp->calls = calls;
	fp->events_fd = wrtcnl_events_open(fp->nl, &err);
	if (fp->events_fd < 0) {
		log_warn("wrtc.ko events: %s: auth failures and key exhaustion on the kernel path go unlogged",
			 err.msg);
		return 0;
	}
	if (uv_poll_init(loop, &fp->events, fp->events_fd)) {
		close(fp->events_fd);
		fp->events_fd = -1;
		return -1;
	}
	fp->events.data = fp;
	fp->polling = true;
	uv_poll_start(&fp->events, UV_READABLE, on_events);
	return 0;
}

void fastpath_stop(struct fastpath *fp)
{
	if (fp && fp->polling) {
		uv_close((uv_handle_t *)&fp->events, NULL);
		fp->polling = false;
	}
}

void fastpath_free(struct fastpath *fp)
{
	if (!fp)
		return;
	if (fp->events_fd >= 0)
		close(fp->events_fd);
	/* Closing the links detaches; closing the socket deletes its legs. */
	wrtc_xdp_close(fp->xdp);
	wrtcnl_close(fp->nl);
	free(fp);
}
