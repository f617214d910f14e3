// SPDX-License-Identifier: GPL-2.0
/*
 * Loader of wrtc's XDP program (wrtc_xdp.bpf.c) through its bpftool
 * skeleton: open and load (with or without wrtc.ko's kfuncs), attach to
 * devices through BPF links, configure, fill the expected sources, read
 * the counters. For wrtcd, wrtcctl and the tests.
 *
 * Attachments are links: they go when the handle is closed or the process
 * dies, so a crashed wrtcd leaves no program behind.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "wrtc_xdp.h"
#include "wrtc_xdp.skel.h"

struct wrtc_xdp_link {
	int ifindex;
	int fd;
};

struct wrtc_xdp {
	struct wrtc_xdp_bpf *skel;
	bool kfuncs;
	unsigned int n_links;
	struct wrtc_xdp_link links[WRTC_XDP_MAX_IFACES];
};

static const char *const kfunc_names[] = {
	"wrtc_leg_lookup",
	"wrtc_leg_release",
	"wrtc_xdp_relay",
};

/* Are wrtc.ko's kfuncs in the kernel (the module loaded, with BTF)? */
static bool module_has_kfuncs(void)
{
	struct btf *vmlinux, *mod;
	bool all = true;
	size_t i;

	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return false;
	mod = btf__load_module_btf("wrtc", vmlinux);
	if (!mod) {
		btf__free(vmlinux);
		return false;
	}
	for (i = 0; i < sizeof(kfunc_names) / sizeof(kfunc_names[0]); i++)
		if (btf__find_by_name_kind(mod, kfunc_names[i], BTF_KIND_FUNC) <
		    0)
			all = false;
	btf__free(mod);
	btf__free(vmlinux);
	return all;
}

static int print_all(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return vfprintf(stderr, fmt, ap);
}

static int load(struct wrtc_xdp *x, bool kfuncs, bool verbose)
{
	struct wrtc_xdp_bpf *skel;
	int err;

	skel = wrtc_xdp_bpf__open();
	if (!skel)
		return errno ? -errno : -ENOMEM;
	skel->rodata->wrtc_have_kfuncs = kfuncs;
	if (verbose)
		bpf_program__set_log_level(skel->progs.wrtc_xdp, 1);
	err = wrtc_xdp_bpf__load(skel);
	if (err) {
		wrtc_xdp_bpf__destroy(skel);
		return err < 0 ? err : -EINVAL;
	}
	x->skel = skel;
	x->kfuncs = kfuncs;
	return 0;
}

int wrtc_xdp_open(struct wrtc_xdp **out, const struct wrtc_xdp_opts *opts)
{
	bool verbose = opts && opts->verbose;
	bool kfuncs = !(opts && opts->kfuncs == WRTC_XDP_KFUNCS_OFF);
	struct wrtc_xdp *x;
	int err;

	if (verbose)
		libbpf_set_print(print_all);
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	kfuncs = kfuncs && module_has_kfuncs();
	err = load(x, kfuncs, verbose);
	/*
	 * The module may have gone between the check and the load, or this
	 * kernel may refuse the calls: demux and counting still work.
	 */
	if (err && kfuncs) {
		if (verbose)
			fprintf(stderr,
				"wrtc_xdp: load with kfuncs: %s; "
				"loading without\n",
				strerror(-err));
		err = load(x, false, verbose);
	}
	if (err) {
		free(x);
		return err;
	}
	*out = x;
	return 0;
}

void wrtc_xdp_close(struct wrtc_xdp *x)
{
	unsigned int i;

	if (!x)
		return;
	for (i = 0; i < x->n_links; i++)
		close(x->links[i].fd);
	wrtc_xdp_bpf__destroy(x->skel);
	free(x);
}

bool wrtc_xdp_has_kfuncs(const struct wrtc_xdp *x)
{
	return x->kfuncs;
}

int wrtc_xdp_prog_fd(const struct wrtc_xdp *x)
{
	return bpf_program__fd(x->skel->progs.wrtc_xdp);
}

int wrtc_xdp_attach(struct wrtc_xdp *x, int ifindex, __u32 xdp_flags)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = xdp_flags);
	unsigned int i;
	int fd;

	if (ifindex <= 0 || (xdp_flags & ~XDP_FLAGS_MODES))
		return -EINVAL;
	for (i = 0; i < x->n_links; i++)
		if (x->links[i].ifindex == ifindex)
			return -EEXIST;
	if (x->n_links == WRTC_XDP_MAX_IFACES)
		return -E2BIG;
	fd = bpf_link_create(wrtc_xdp_prog_fd(x), ifindex, BPF_XDP, &opts);
	if (fd < 0)
		return fd;
	x->links[x->n_links].ifindex = ifindex;
	x->links[x->n_links].fd = fd;
	x->n_links++;
	return 0;
}

int wrtc_xdp_detach(struct wrtc_xdp *x, int ifindex, __u32 xdp_flags)
{
	unsigned int i;

	for (i = 0; i < x->n_links; i++) {
		if (x->links[i].ifindex != ifindex)
			continue;
		close(x->links[i].fd);
		x->links[i] = x->links[--x->n_links];
		return 0;
	}
	return -ENOENT;
}

/* 0 or 1 from /proc/sys/net/FAMILY/conf/NAME/forwarding, or -errno. */
static int read_forwarding(const char *family, const char *name)
{
	char path[96];
	int c, ret;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/forwarding",
		 family, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	c = fgetc(f);
	ret = c == EOF ? -EIO : c != '0';
	fclose(f);
	return ret;
}

int wrtc_xdp_forwarding(int ifindex)
{
	char name[IF_NAMESIZE];
	int v4, v6;

	if (ifindex <= 0 || !if_indextoname(ifindex, name))
		return -ENODEV;
	v4 = read_forwarding("ipv4", name);
	if (v4 < 0)
		return v4;
	/* No IPv6 (disabled, or not built): IPv4 only. */
	v6 = read_forwarding("ipv6", name);
	return (v4 ? WRTC_XDP_FWD_IPV4 : 0) | (v6 > 0 ? WRTC_XDP_FWD_IPV6 : 0);
}

int wrtc_xdp_set_config(struct wrtc_xdp *x, const struct wrtc_xdp_config *c)
{
	__u32 zero = 0;

	if (c->port_lo > c->port_hi || (c->flags & ~WRTC_XDP_F_DROP_UNEXPECTED))
		return -EINVAL;
	return bpf_map__update_elem(x->skel->maps.wrtc_config, &zero,
				    sizeof(zero), c, sizeof(*c), BPF_ANY);
}

int wrtc_xdp_get_config(struct wrtc_xdp *x, struct wrtc_xdp_config *c)
{
	__u32 zero = 0;

	return bpf_map__lookup_elem(x->skel->maps.wrtc_config, &zero,
				    sizeof(zero), c, sizeof(*c), 0);
}

int wrtc_xdp_source_init(struct wrtc_xdp_source *s, int family,
			 const void *addr, __u16 local_port, __u16 remote_port)
{
	memset(s, 0, sizeof(*s));
	switch (family) {
	case AF_INET:
		s->remote[10] = 0xff;
		s->remote[11] = 0xff;
		memcpy(&s->remote[12], addr, 4);
		break;
	case AF_INET6:
		memcpy(s->remote, addr, 16);
		break;
	default:
		return -EAFNOSUPPORT;
	}
	s->family = family;
	s->local_port = htons(local_port);
	s->remote_port = htons(remote_port);
	return 0;
}

int wrtc_xdp_expect(struct wrtc_xdp *x, const struct wrtc_xdp_source *s)
{
	struct wrtc_xdp_expected e = { 0 };

	/* BPF_NOEXIST: re-adding a source keeps its count. */
	int err = bpf_map__update_elem(x->skel->maps.wrtc_expected, s,
				       sizeof(*s), &e, sizeof(e), BPF_NOEXIST);

	return err == -EEXIST ? 0 : err;
}

int wrtc_xdp_unexpect(struct wrtc_xdp *x, const struct wrtc_xdp_source *s)
{
	return bpf_map__delete_elem(x->skel->maps.wrtc_expected, s, sizeof(*s),
				    0);
}

int wrtc_xdp_expected(struct wrtc_xdp *x, const struct wrtc_xdp_source *s,
		      struct wrtc_xdp_expected *e)
{
	return bpf_map__lookup_elem(x->skel->maps.wrtc_expected, s, sizeof(*s),
				    e, sizeof(*e), 0);
}

/* Sum a per-CPU array of struct wrtc_xdp_count into out[0..n). */
static int sum_percpu(int fd, struct wrtc_xdp_count *out, __u32 n)
{
	struct wrtc_xdp_count *v;
	int ncpu = libbpf_num_possible_cpus();
	__u32 key;
	int i, err = 0;

	if (ncpu <= 0)
		return ncpu < 0 ? ncpu : -EINVAL;
	v = calloc(ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (key = 0; key < n && !err; key++) {
		memset(&out[key], 0, sizeof(out[key]));
		if (bpf_map_lookup_elem(fd, &key, v)) {
			err = -errno;
			break;
		}
		for (i = 0; i < ncpu; i++) {
			out[key].packets += v[i].packets;
			out[key].bytes += v[i].bytes;
		}
	}
	free(v);
	return err;
}

int wrtc_xdp_read_stats_fds(int stats_fd, int reasons_fd,
			    struct wrtc_xdp_stats *st)
{
	int err = sum_percpu(stats_fd, &st->by_class[0][0], WRTC_XDP_STATS_MAX);

	return err ? err :
		     sum_percpu(reasons_fd, st->by_reason,
				WRTC_XDP_REASONS_MAX);
}

int wrtc_xdp_read_stats(struct wrtc_xdp *x, struct wrtc_xdp_stats *st)
{
	return wrtc_xdp_read_stats_fds(bpf_map__fd(x->skel->maps.wrtc_stats),
				       bpf_map__fd(x->skel->maps.wrtc_reasons),
				       st);
}

/* An fd of map @map_id and what the kernel tells of it; -errno. */
static int open_map(__u32 map_id, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);
	int fd, err;

	fd = bpf_map_get_fd_by_id(map_id);
	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* wrtc_xdp.bpf.c's counter maps: per-CPU arrays of wrtc_xdp_count. */
static bool counter_map(const struct bpf_map_info *info, __u32 entries)
{
	return info->type == BPF_MAP_TYPE_PERCPU_ARRAY &&
	       info->key_size == sizeof(__u32) &&
	       info->value_size == sizeof(struct wrtc_xdp_count) &&
	       info->max_entries == entries;
}

/* A program has its own maps plus .rodata and the like: a few. */
#define WRTC_XDP_PROG_MAPS 16

int wrtc_xdp_read_stats_prog(__u32 prog_id, struct wrtc_xdp_stats *st)
{
	__u32 map_ids[WRTC_XDP_PROG_MAPS], len, i, n;
	int fd, stats_fd = -1, reasons_fd = -1, err = 0;
	struct bpf_prog_info info;
	struct bpf_map_info minfo;

	fd = bpf_prog_get_fd_by_id(prog_id);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = WRTC_XDP_PROG_MAPS;
	info.map_ids = (__u64)(unsigned long)map_ids;
	len = sizeof(info);
	err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	close(fd);
	if (err)
		return err;
	if (info.type != BPF_PROG_TYPE_XDP || strcmp(info.name, "wrtc_xdp"))
		return -ENOENT;
	/* The kernel says how many there are, even beyond what fitted. */
	n = info.nr_map_ids < WRTC_XDP_PROG_MAPS ? info.nr_map_ids :
						   WRTC_XDP_PROG_MAPS;
	for (i = 0; i < n && !err; i++) {
		fd = open_map(map_ids[i], &minfo);
		if (fd < 0) {
			err = fd;
		} else if (stats_fd < 0 && !strcmp(minfo.name, "wrtc_stats") &&
			   counter_map(&minfo, WRTC_XDP_STATS_MAX)) {
			stats_fd = fd;
		} else if (reasons_fd < 0 &&
			   !strcmp(minfo.name, "wrtc_reasons") &&
			   counter_map(&minfo, WRTC_XDP_REASONS_MAX)) {
			reasons_fd = fd;
		} else {
			close(fd);
		}
	}
	if (!err && (stats_fd < 0 || reasons_fd < 0))
		err = -EPROTO; /* named wrtc_xdp, but not with our maps */
	if (!err)
		err = wrtc_xdp_read_stats_fds(stats_fd, reasons_fd, st);
	if (stats_fd >= 0)
		close(stats_fd);
	if (reasons_fd >= 0)
		close(reasons_fd);
	return err;
}

int wrtc_xdp_read_stats_ifindex(int ifindex, struct wrtc_xdp_stats *st,
				__u32 *prog_id)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	char name[IF_NAMESIZE];
	__u32 ids[4];
	int err, first_err = -ENOENT;
	size_t i, j;

	if (ifindex <= 0)
		return -ENODEV;
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err)
		return err;
	/* Each mode has an id of its own; prog_id is 0 when several are used. */
	ids[0] = q.drv_prog_id;
	ids[1] = q.skb_prog_id;
	ids[2] = q.hw_prog_id;
	ids[3] = q.prog_id;
	for (i = 0; i < 4; i++) {
		if (!ids[i])
			continue;
		for (j = 0; j < i && ids[j] != ids[i]; j++)
			;
		if (j < i)
			continue;
		err = wrtc_xdp_read_stats_prog(ids[i], st);
		if (!err) {
			if (prog_id)
				*prog_id = ids[i];
			return 0;
		}
		/* Another program, or one that went away meanwhile. */
		if (err != -ENOENT && first_err == -ENOENT)
			first_err = err;
	}
	/* The query finds nothing on a device that does not exist either. */
	if (first_err == -ENOENT && !if_indextoname(ifindex, name))
		return -ENODEV;
	return first_err;
}

int wrtc_xdp_pin_maps(struct wrtc_xdp *x, const char *dir)
{
	struct bpf_map *maps[] = {
		x->skel->maps.wrtc_config,
		x->skel->maps.wrtc_stats,
		x->skel->maps.wrtc_reasons,
		x->skel->maps.wrtc_expected,
	};
	char path[PATH_MAX];
	size_t i;
	int err;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir,
			     bpf_map__name(maps[i])) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		err = bpf_map__pin(maps[i], path);
		if (err)
			return err;
	}
	return 0;
}

static const char *const class_names[WRTC_XDP_C_MAX] = {
	[WRTC_XDP_C_UNPARSED] = "unparsed",
	[WRTC_XDP_C_NOT_MEDIA] = "not_media",
	[WRTC_XDP_C_STUN] = "stun",
	[WRTC_XDP_C_DTLS] = "dtls",
	[WRTC_XDP_C_RTP] = "rtp",
	[WRTC_XDP_C_RTCP] = "rtcp",
	[WRTC_XDP_C_OTHER] = "other",
};

static const char *const verdict_names[WRTC_XDP_VERDICTS] = {
	[XDP_ABORTED] = "aborted",   [XDP_DROP] = "drop",
	[XDP_PASS] = "pass",	     [XDP_TX] = "tx",
	[XDP_REDIRECT] = "redirect",
};

/* By -reason. */
static const char *const reason_names[WRTC_XDP_REASONS_MAX] = {
	[-WRTC_XDP_R_NONE] = "none",
	[-WRTC_XDP_R_TRUNC_ETH] = "trunc_eth",
	[-WRTC_XDP_R_TRUNC_VLAN] = "trunc_vlan",
	[-WRTC_XDP_R_TRUNC_IP4] = "trunc_ip4",
	[-WRTC_XDP_R_TRUNC_IP6] = "trunc_ip6",
	[-WRTC_XDP_R_TRUNC_UDP] = "trunc_udp",
	[-WRTC_XDP_R_BAD_IP] = "bad_ip",
	[-WRTC_XDP_R_IP_LEN] = "ip_len",
	[-WRTC_XDP_R_FRAGMENT] = "fragment",
	[-WRTC_XDP_R_IP6_EXT] = "ip6_ext",
	[-WRTC_XDP_R_UDP_LEN] = "udp_len",
	[-WRTC_XDP_R_NO_MODULE] = "no_module",
	[-WRTC_XDP_R_NO_LEG] = "no_leg",
	[-WRTC_XDP_R_RELAY_UNSUPPORTED] = "relay_unsupported",
	[-WRTC_XDP_R_NO_PEER] = "no_peer",
	[-WRTC_XDP_R_NO_KEY] = "no_key",
	[-WRTC_XDP_R_NO_ROOM] = "no_room",
	[-WRTC_XDP_R_RELAY_REFUSED] = "relay_refused",
	[-WRTC_XDP_R_AUTH] = "auth",
	[-WRTC_XDP_R_REPLAY] = "replay",
	[-WRTC_XDP_R_RELAY_FAILED] = "relay_failed",
	[-WRTC_XDP_R_FIB_NO_NEIGH] = "fib_no_neigh",
	[-WRTC_XDP_R_FIB_FAILED] = "fib_failed",
	[-WRTC_XDP_R_UNEXPECTED] = "unexpected",
	[-WRTC_XDP_R_FIB_FWD_DISABLED] = "fib_fwd_disabled",
};

const char *wrtc_xdp_class_name(unsigned int class)
{
	return class < WRTC_XDP_C_MAX ? class_names[class] : NULL;
}

const char *wrtc_xdp_verdict_name(unsigned int verdict)
{
	return verdict < WRTC_XDP_VERDICTS ? verdict_names[verdict] : NULL;
}

const char *wrtc_xdp_reason_name(int reason)
{
	return reason <= 0 && reason >= WRTC_XDP_R_MIN ? reason_names[-reason] :
							 NULL;
}
