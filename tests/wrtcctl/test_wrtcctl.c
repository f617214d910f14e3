// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl on the host, where wrtc.ko cannot be loaded (PLATFORM.md): the
 * command line (help, version, bad usage), every netlink command failing
 * with the module's absence said plainly, `stats` succeeding without it,
 * and `stats` reporting the counters of a wrtc_xdp program attached to a
 * veth in network namespaces of the test's own: exactly the datagrams
 * sent, under their class and verdict, for that interface only; and the
 * loader's discovery by interface (wrtc_xdp_read_stats_ifindex) agreeing
 * with the loader's own view.
 *
 * The namespaces are named after the test process (wctl<pid>a/b) and
 * removed by the fixture's teardown, and again at exit or on SIGINT /
 * SIGTERM. IPv6 is off on the veth so that no neighbour discovery or MLD
 * adds to the counts. Needs root and ip(8). With wrtc.ko loaded (not
 * here, but possible in the guest) the "not loaded" tests skip.
 */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <sys/socket.h>

#include <bpf/bpf.h>

#include "kselftest_harness.h"
#include "wrtc_xdp.h"
#include "wrtcctl_run.h"
#include "wrtcnl.h"

#define ADDR_A "10.204.0.1"
#define ADDR_B "10.204.0.2"
#define MEDIA_PORT 40000
#define OTHER_PORT 6000
#define SRC_PORT 5000
#define N_RTP 7
#define N_STUN 3
#define N_OTHER 2
/* Ethernet + IPv4 + UDP headers: the program counts frame bytes. */
#define FRAME_HDRS (14 + 20 + 8)

/* A setup that called SKIP() still runs the body with the 6.1 harness. */
#define RETURN_IF_SKIPPED()          \
	do {                         \
		if (_metadata->skip) \
			return;      \
	} while (0)

static const uint8_t rtp[] = { 0x80, 0x00, 0x12, 0x34, 0x00, 0x00, 0x03,
			       0x20, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff,
			       0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t stun[] = { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4,
				0x42, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
				0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c };

static pid_t main_pid;
static char ns_a[32], ns_b[32], dev_a[IFNAMSIZ], dev_b[IFNAMSIZ];
static char path_a[64], path_b[64];

/* Run a shell command, quietly; returns its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void remove_namespaces(void)
{
	sh("ip netns del %s 2>/dev/null", ns_a);
	sh("ip netns del %s 2>/dev/null", ns_b);
}

static void at_exit(void)
{
	if (getpid() == main_pid)
		remove_namespaces();
}

static void on_signal(int sig)
{
	remove_namespaces();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void __attribute__((constructor)) names(void)
{
	main_pid = getpid();
	snprintf(ns_a, sizeof(ns_a), "wctl%da", (int)main_pid);
	snprintf(ns_b, sizeof(ns_b), "wctl%db", (int)main_pid);
	snprintf(dev_a, sizeof(dev_a), "wc%da", (int)main_pid);
	snprintf(dev_b, sizeof(dev_b), "wc%db", (int)main_pid);
	snprintf(path_a, sizeof(path_a), "/run/netns/%s", ns_a);
	snprintf(path_b, sizeof(path_b), "/run/netns/%s", ns_b);
	atexit(at_exit);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

/* Is wrtc.ko's family there? (Not on the host: it has no modules.) */
static bool module_loaded(void)
{
	struct wrtcnl *nl;

	if (wrtcnl_open(&nl, NULL))
		return false;
	wrtcnl_close(nl);
	return true;
}

/* A JSON document, or NULL (with the parser's complaint logged). */
static json_t *parse(struct __test_metadata *_metadata, const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (!j)
		TH_LOG("not JSON (%s at %d): %s", jerr.text, jerr.position,
		       text);
	return j;
}

TEST(help)
{
	static const char mentions[][16] = {
		"leg list", "leg show ID", "leg del ID", "leg flush", "stats",
		"monitor",  "-j, --json",  "--help",	 "--version",
	};
	struct wrtcctl_out o;
	size_t i;

	ASSERT_EQ(0, WRTCCTL_RUN(&o, "--help")) TH_LOG("%s", o.err);
	for (i = 0; i < sizeof(mentions) / sizeof(mentions[0]); i++) {
		EXPECT_NE(NULL, strstr(o.out, mentions[i]))
		TH_LOG("--help does not mention '%s'", mentions[i]);
	}
	EXPECT_STREQ("", o.err);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-h"));
	EXPECT_NE(NULL, strstr(o.out, "Usage: wrtcctl"));
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "--version"));
	EXPECT_EQ(0, strncmp(o.out, "wrtcctl ", 8)) TH_LOG("%s", o.out);
}

TEST(bad_usage)
{
	static const char *const cases[][4] = {
		{ NULL },
		{ "frob" },
		{ "leg" },
		{ "leg", "frob" },
		{ "leg", "show" },
		{ "leg", "show", "abc" },
		{ "leg", "show", "0" },
		{ "leg", "del", "-1" },
		{ "leg", "del", "4294967296" },
		{ "leg", "del", "1", "2" },
		{ "leg", "list", "extra" },
		{ "leg", "flush", "extra" },
		{ "stats", "extra" },
		{ "monitor", "extra" },
		{ "--bogus", "stats" },
		{ "-x", "stats" },
	};
	struct wrtcctl_out o;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *args[5] = { 0 };
		int j;

		for (j = 0; j < 4 && cases[i][j]; j++)
			args[j] = (char *)cases[i][j];
		wrtcctl_run_ns(&o, NULL, args);
		EXPECT_EQ(2, o.status)
		TH_LOG("case %zu (%s ...): status %d", i,
		       args[0] ? args[0] : "", o.status);
		/* One line naming the tool; nothing on stdout. */
		EXPECT_EQ(0, strncmp(o.err, "wrtcctl: ", 9))
		TH_LOG("case %zu: stderr \"%s\"", i, o.err);
		EXPECT_NE(NULL, strchr(o.err, '\n'));
		EXPECT_EQ(strlen(o.err) - 1,
			  (size_t)(strchr(o.err, '\n') - o.err));
		EXPECT_STREQ("", o.out);
	}
}

/* Every netlink command fails, saying the module is not loaded. */
TEST(no_module_commands_fail)
{
	static const char *const cases[][4] = {
		{ "leg", "list" },	{ "-j", "leg", "list" },
		{ "leg", "show", "1" }, { "leg", "del", "42" },
		{ "leg", "flush" },	{ "monitor" },
	};
	struct wrtcctl_out o;
	size_t i;

	if (module_loaded())
		SKIP(return, "wrtc.ko is loaded here");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *args[5] = { 0 };
		int j;

		for (j = 0; j < 4 && cases[i][j]; j++)
			args[j] = (char *)cases[i][j];
		wrtcctl_run_ns(&o, NULL, args);
		EXPECT_EQ(1, o.status) TH_LOG("case %zu: %d", i, o.status);
		EXPECT_NE(NULL,
			  strstr(o.err, "wrtc.ko is not loaded: no generic "
					"netlink family 'wrtc'"))
		TH_LOG("case %zu: stderr \"%s\"", i, o.err);
		EXPECT_STREQ("", o.out);
	}
}

/* stats is the one command that works without the module. */
TEST(no_module_stats)
{
	struct wrtcctl_out o;
	json_t *j;

	if (module_loaded())
		SKIP(return, "wrtc.ko is loaded here");
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "stats")) TH_LOG("%s", o.err);
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	EXPECT_TRUE(json_is_false(json_object_get(j, "module")));
	EXPECT_TRUE(json_is_array(json_object_get(j, "legs")));
	EXPECT_EQ(0u, json_array_size(json_object_get(j, "legs")));
	EXPECT_EQ(0, wrtcctl_jint(j, "totals.rx_packets"));
	EXPECT_EQ(0, wrtcctl_jint(j, "totals.replay_drops"));
	EXPECT_TRUE(json_is_array(json_object_get(j, "xdp")));
	json_decref(j);

	ASSERT_EQ(0, WRTCCTL_RUN(&o, "stats")) TH_LOG("%s", o.err);
	EXPECT_NE(NULL, strstr(o.out, "wrtc.ko is not loaded"));
}

/* Enter a namespace by path; 0 or -errno. */
static int enter(const char *path)
{
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

/* A UDP socket bound to addr:port in the namespace at @path. */
static int udp_socket(const char *path, const char *addr, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	int fd;

	if (enter(path))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send @p from @tx to B's @port and receive it on @rx: 0 when it came. */
static int deliver(int tx, uint16_t port, int rx, const uint8_t *p, size_t n)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct pollfd pfd = { .fd = rx, .events = POLLIN };
	uint8_t buf[256];

	inet_pton(AF_INET, ADDR_B, &to.sin_addr);
	if (sendto(tx, p, n, 0, (struct sockaddr *)&to, sizeof(to)) !=
	    (ssize_t)n)
		return -1;
	if (poll(&pfd, 1, 2000) != 1)
		return -1;
	return recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == (ssize_t)n ? 0 : -1;
}

FIXTURE(veth)
{
	struct wrtc_xdp *x;
	int ifindex; /* of dev_b, in B */
	__u32 prog_id;
};

FIXTURE_SETUP(veth)
{
	struct wrtc_xdp_config cfg = { .port_lo = MEDIA_PORT,
				       .port_hi = MEDIA_PORT };
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	const char *ns[2] = { ns_a, ns_b }, *dev[2] = { dev_a, dev_b };
	const char *addr[2] = { ADDR_A, ADDR_B };
	int i;

	self->x = NULL;
	if (geteuid())
		SKIP(return, "needs root");
	if (sh("ip -V >/dev/null 2>&1"))
		SKIP(return, "no ip(8)");
	remove_namespaces();
	ASSERT_EQ(0, sh("ip netns add %s && ip netns add %s", ns_a, ns_b));
	ASSERT_EQ(0, sh("ip link add %s netns %s type veth peer name %s "
			"netns %s",
			dev_a, ns_a, dev_b, ns_b));
	for (i = 0; i < 2; i++) {
		/* No IPv6: nothing but ARP besides the test's datagrams. */
		sh("ip netns exec %s sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
		   "net.ipv6.conf.default.disable_ipv6=1 "
		   "net.ipv6.conf.%s.disable_ipv6=1 >/dev/null 2>&1",
		   ns[i], dev[i]);
		ASSERT_EQ(0, sh("ip -n %s addr add %s/24 dev %s && "
				"ip -n %s link set %s up && "
				"ip -n %s link set lo up",
				ns[i], addr[i], dev[i], ns[i], dev[i], ns[i]));
	}

	ASSERT_EQ(0, wrtc_xdp_open(&self->x, NULL));
	ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));
	ASSERT_EQ(0, bpf_obj_get_info_by_fd(wrtc_xdp_prog_fd(self->x), &info,
					    &len));
	self->prog_id = info.id;
	ASSERT_EQ(0, enter(path_b));
	self->ifindex = (int)if_nametoindex(dev_b);
	ASSERT_LT(0, self->ifindex);
	ASSERT_EQ(0,
		  wrtc_xdp_attach(self->x, self->ifindex, XDP_FLAGS_DRV_MODE));
}

FIXTURE_TEARDOWN(veth)
{
	wrtc_xdp_close(self->x);
	remove_namespaces();
}

/* Send the test's traffic from A to B; 0 when all of it arrived. */
static int send_traffic(void)
{
	int tx = udp_socket(path_a, ADDR_A, SRC_PORT);
	int media = udp_socket(path_b, ADDR_B, MEDIA_PORT);
	int other = udp_socket(path_b, ADDR_B, OTHER_PORT);
	int i, bad = tx < 0 || media < 0 || other < 0;

	for (i = 0; i < N_RTP && !bad; i++)
		bad = deliver(tx, MEDIA_PORT, media, rtp, sizeof(rtp));
	for (i = 0; i < N_STUN && !bad; i++)
		bad = deliver(tx, MEDIA_PORT, media, stun, sizeof(stun));
	/* RTP-like, but not to a media port: not media. */
	for (i = 0; i < N_OTHER && !bad; i++)
		bad = deliver(tx, OTHER_PORT, other, rtp, sizeof(rtp));
	close(tx);
	close(media);
	close(other);
	return bad ? -1 : 0;
}

/*
 * The "xdp" entry (a program) attached to @ifname, and to it only, in
 * `stats -j` output; NULL when none.
 */
static json_t *xdp_entry(json_t *j, const char *ifname)
{
	json_t *e, *ifaces;
	size_t i;

	json_array_foreach(json_object_get(j, "xdp"), i, e)
	{
		ifaces = json_object_get(e, "ifaces");
		if (json_array_size(ifaces) == 1 &&
		    !strcmp(json_string_value(json_array_get(ifaces, 0)) ?: "",
			    ifname))
			return e;
	}
	return NULL;
}

TEST_F(veth, stats_reports_xdp_counters)
{
	unsigned long long n = 0;
	char path[64], verdict[16] = "", *line;
	const char *reason, *k;
	struct wrtcctl_out o;
	json_t *j, *e, *v, *by;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, send_traffic());
	/* No wrtc.ko here: relayable media stays for want of the module. */
	reason = wrtc_xdp_has_kfuncs(self->x) ? "no_leg" : "no_module";

	ASSERT_EQ(0, WRTCCTL_RUN_NS(&o, path_b, "-j", "stats"))
	TH_LOG("%s", o.err);
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	EXPECT_EQ(module_loaded(), json_is_true(json_object_get(j, "module")));
	/* One program in B, on dev_b. */
	EXPECT_EQ(1u, json_array_size(json_object_get(j, "xdp")));
	e = xdp_entry(j, dev_b);
	ASSERT_NE(NULL, e) TH_LOG("no entry for %s: %s", dev_b, o.out);
	EXPECT_EQ(self->prog_id, wrtcctl_jint(e, "prog_id"));
	EXPECT_EQ(N_RTP, wrtcctl_jint(e, "by_class.rtp.pass.packets"));
	EXPECT_EQ((long long)(N_RTP * (FRAME_HDRS + sizeof(rtp))),
		  wrtcctl_jint(e, "by_class.rtp.pass.bytes"));
	EXPECT_EQ(N_STUN, wrtcctl_jint(e, "by_class.stun.pass.packets"));
	EXPECT_EQ((long long)(N_STUN * (FRAME_HDRS + sizeof(stun))),
		  wrtcctl_jint(e, "by_class.stun.pass.bytes"));
	/* The port-6000 datagrams and at least A's ARP request. */
	EXPECT_LE(N_OTHER + 1,
		  wrtcctl_jint(e, "by_class.not_media.pass.packets"));
	snprintf(path, sizeof(path), "by_reason.%s.packets", reason);
	EXPECT_EQ(N_RTP, wrtcctl_jint(e, path));
	/* Nothing else: only what happened is listed, and nothing dropped. */
	EXPECT_EQ(3u, json_object_size(json_object_get(e, "by_class")))
	TH_LOG("%s", o.out);
	json_object_foreach(json_object_get(e, "by_class"), k, by)
	{
		EXPECT_EQ(1u, json_object_size(by)) TH_LOG("class %s", k);
		json_object_foreach(by, k, v)
		{
			EXPECT_STREQ("pass", k);
		}
	}
	EXPECT_EQ(1u, json_object_size(json_object_get(e, "by_reason")))
	TH_LOG("%s", o.out);
	json_decref(j);

	/* The text output says the same. */
	ASSERT_EQ(0, WRTCCTL_RUN_NS(&o, path_b, "stats")) TH_LOG("%s", o.err);
	EXPECT_NE(NULL, strstr(o.out, dev_b)) TH_LOG("%s", o.out);
	EXPECT_NE(NULL, strstr(o.out, reason));
	line = strstr(o.out, "  rtp ");
	ASSERT_NE(NULL, line) TH_LOG("%s", o.out);
	EXPECT_EQ(2, sscanf(line, " rtp %15s %llu", verdict, &n));
	EXPECT_STREQ("pass", verdict);
	EXPECT_EQ((unsigned long long)N_RTP, n);

	/* A's namespace has no program: nothing to report there. */
	ASSERT_EQ(0, WRTCCTL_RUN_NS(&o, path_a, "-j", "stats"));
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	EXPECT_EQ(0u, json_array_size(json_object_get(j, "xdp")))
	TH_LOG("%s", o.out);
	json_decref(j);
}

/* The loader's discovery by interface, as wrtcctl uses it. */
TEST_F(veth, read_stats_ifindex)
{
	struct wrtc_xdp_stats mine, found;
	__u32 id = 0;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, send_traffic());
	ASSERT_EQ(0, enter(path_b));
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &mine));
	ASSERT_EQ(0, wrtc_xdp_read_stats_ifindex(self->ifindex, &found, &id));
	EXPECT_EQ(self->prog_id, id);
	EXPECT_EQ(0, memcmp(&mine, &found, sizeof(mine)));
	EXPECT_EQ((__u64)N_RTP,
		  found.by_class[WRTC_XDP_C_RTP][XDP_PASS].packets);
	/* By program id too; a program that is not wrtc_xdp is not. */
	EXPECT_EQ(0, wrtc_xdp_read_stats_prog(self->prog_id, &found));
	EXPECT_EQ(-ENOENT, wrtc_xdp_read_stats_prog(0x7fffffff, &found));
	/* No program on lo; no device at all. */
	EXPECT_EQ(-ENOENT, wrtc_xdp_read_stats_ifindex(
				   (int)if_nametoindex("lo"), &found, &id));
	EXPECT_EQ(-ENODEV, wrtc_xdp_read_stats_ifindex(0x7ffffff, &found, &id));
	/* Detached: no longer found on the interface. */
	ASSERT_EQ(0, wrtc_xdp_detach(self->x, self->ifindex, 0));
	EXPECT_EQ(-ENOENT,
		  wrtc_xdp_read_stats_ifindex(self->ifindex, &found, &id));
}

TEST_HARNESS_MAIN
