// SPDX-License-Identifier: GPL-2.0
/* wrtcnl: leg and key operations, and parsing of leg replies. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "wrtcnl.h"
#include "wrtcnl_int.h"

/* Attribute types of each nest, for mnl_attr_parse callbacks. */
struct wrtcnl_tb {
	const struct nlattr *a[32];
};

static int wrtcnl_tb_put(const struct nlattr *attr, void *data)
{
	struct wrtcnl_tb *tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Multi-attributes (keys) are walked separately; keep the first. */
	if (type < 32 && !tb->a[type])
		tb->a[type] = attr;
	return MNL_CB_OK;
}

static uint32_t wrtcnl_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) == 0 ?
		       mnl_attr_get_u32(a) :
		       0;
}

static uint64_t wrtcnl_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) == 0 ?
		       mnl_attr_get_u64(a) :
		       0;
}

static uint16_t wrtcnl_be16(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U16) == 0 ?
		       ntohs(mnl_attr_get_u16(a)) :
		       0;
}

static int wrtcnl_addr(const struct nlattr *v4, const struct nlattr *v6,
		       const struct nlattr *port, struct wrtcnl_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (v4 && mnl_attr_validate(v4, MNL_TYPE_U32) == 0) {
		addr->family = AF_INET;
		memcpy(&addr->v4, mnl_attr_get_payload(v4), 4);
	} else if (v6 && mnl_attr_get_payload_len(v6) == 16) {
		addr->family = AF_INET6;
		memcpy(&addr->v6, mnl_attr_get_payload(v6), 16);
	} else {
		return -EBADMSG;
	}
	addr->port = wrtcnl_be16(port);
	return 0;
}

void wrtcnl_parse_stats(const struct nlattr *nest, struct wrtcnl_stats *st)
{
	struct wrtcnl_tb tb = { 0 };

	memset(st, 0, sizeof(*st));
	if (!nest || mnl_attr_parse_nested(nest, wrtcnl_tb_put, &tb) < 0)
		return;
	st->rx_packets = wrtcnl_u64(tb.a[WRTC_A_STATS_RX_PACKETS]);
	st->rx_bytes = wrtcnl_u64(tb.a[WRTC_A_STATS_RX_BYTES]);
	st->tx_packets = wrtcnl_u64(tb.a[WRTC_A_STATS_TX_PACKETS]);
	st->tx_bytes = wrtcnl_u64(tb.a[WRTC_A_STATS_TX_BYTES]);
	st->auth_failures = wrtcnl_u64(tb.a[WRTC_A_STATS_AUTH_FAILURES]);
	st->replay_drops = wrtcnl_u64(tb.a[WRTC_A_STATS_REPLAY_DROPS]);
	st->last_rx = wrtcnl_u64(tb.a[WRTC_A_STATS_LAST_RX]);
}

static void wrtcnl_parse_key_info(const struct nlattr *nest,
				  struct wrtcnl_leg *leg)
{
	struct wrtcnl_tb tb = { 0 };
	struct wrtcnl_key_info *k;

	if (leg->n_keys >= WRTCNL_MAX_KEYS ||
	    mnl_attr_parse_nested(nest, wrtcnl_tb_put, &tb) < 0)
		return;
	k = &leg->keys[leg->n_keys++];
	k->direction = wrtcnl_u32(tb.a[WRTC_A_KEY_DIRECTION]);
	k->slot = wrtcnl_u32(tb.a[WRTC_A_KEY_SLOT]);
	k->profile = wrtcnl_u32(tb.a[WRTC_A_KEY_PROFILE]);
	k->packets = wrtcnl_u64(tb.a[WRTC_A_KEY_PACKETS]);
	k->packet_limit = wrtcnl_u64(tb.a[WRTC_A_KEY_PACKET_LIMIT]);
}

int wrtcnl_parse_leg(const struct nlmsghdr *nlh, struct wrtcnl_leg *leg)
{
	struct wrtcnl_tb tb = { 0 };
	const struct nlattr *a;

	memset(leg, 0, sizeof(*leg));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), wrtcnl_tb_put, &tb) <
		    0)
		return -EBADMSG;
	leg->id = wrtcnl_u32(tb.a[WRTC_A_LEG_ID]);
	if (!leg->id ||
	    wrtcnl_addr(tb.a[WRTC_A_LEG_LOCAL_IPV4],
			tb.a[WRTC_A_LEG_LOCAL_IPV6],
			tb.a[WRTC_A_LEG_LOCAL_PORT], &leg->local) ||
	    wrtcnl_addr(tb.a[WRTC_A_LEG_REMOTE_IPV4],
			tb.a[WRTC_A_LEG_REMOTE_IPV6],
			tb.a[WRTC_A_LEG_REMOTE_PORT], &leg->remote))
		return -EBADMSG;
	leg->flags = wrtcnl_u32(tb.a[WRTC_A_LEG_FLAGS]);
	leg->peer_id = wrtcnl_u32(tb.a[WRTC_A_LEG_PEER_ID]);
	leg->idle_timeout = wrtcnl_u32(tb.a[WRTC_A_LEG_IDLE_TIMEOUT]);
	leg->owner = wrtcnl_u32(tb.a[WRTC_A_LEG_OWNER]);
	wrtcnl_parse_stats(tb.a[WRTC_A_LEG_STATS], &leg->stats);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
	{
		if (mnl_attr_get_type(a) == WRTC_A_LEG_KEY)
			wrtcnl_parse_key_info(a, leg);
	}
	return 0;
}

static void wrtcnl_put_addr(struct nlmsghdr *nlh,
			    const struct wrtcnl_addr *addr, int a4, int a6,
			    int aport)
{
	if (addr->family == AF_INET)
		mnl_attr_put(nlh, a4, 4, &addr->v4);
	else if (addr->family == AF_INET6)
		mnl_attr_put(nlh, a6, 16, &addr->v6);
	mnl_attr_put_u16(nlh, aport, htons(addr->port));
}

static int wrtcnl_on_leg(const struct nlmsghdr *nlh, void *arg)
{
	return wrtcnl_parse_leg(nlh, arg) ? -EBADMSG : 0;
}

int wrtcnl_leg_new(struct wrtcnl *nl, const struct wrtcnl_leg *req,
		   struct wrtcnl_leg *reply, struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_NEW, 0);
	struct wrtcnl_leg tmp;
	int ret;

	wrtcnl_put_addr(nlh, &req->local, WRTC_A_LEG_LOCAL_IPV4,
			WRTC_A_LEG_LOCAL_IPV6, WRTC_A_LEG_LOCAL_PORT);
	wrtcnl_put_addr(nlh, &req->remote, WRTC_A_LEG_REMOTE_IPV4,
			WRTC_A_LEG_REMOTE_IPV6, WRTC_A_LEG_REMOTE_PORT);
	if (req->flags)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_FLAGS, req->flags);
	if (req->peer_id)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_PEER_ID, req->peer_id);
	if (req->idle_timeout)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_IDLE_TIMEOUT,
				 req->idle_timeout);
	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_leg, reply ? reply : &tmp,
			      err);
	if (ret == -EBADMSG)
		return wrtc_fail(err, ret, 0, "leg-new: malformed reply");
	return ret;
}

int wrtcnl_leg_set(struct wrtcnl *nl, uint32_t id,
		   const struct wrtcnl_leg_change *change, struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_SET, 0);

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, id);
	if (change->set_flags)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_FLAGS, change->flags);
	if (change->set_peer)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_PEER_ID, change->peer_id);
	if (change->set_idle_timeout)
		mnl_attr_put_u32(nlh, WRTC_A_LEG_IDLE_TIMEOUT,
				 change->idle_timeout);
	return wrtcnl_transact(nl, nlh, NULL, NULL, err);
}

int wrtcnl_leg_del(struct wrtcnl *nl, uint32_t id, struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_DEL, 0);

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, id);
	return wrtcnl_transact(nl, nlh, NULL, NULL, err);
}

int wrtcnl_leg_get(struct wrtcnl *nl, uint32_t id, struct wrtcnl_leg *leg,
		   struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_GET, 0);
	int ret;

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, id);
	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_leg, leg, err);
	if (ret == -EBADMSG)
		return wrtc_fail(err, ret, 0, "leg-get: malformed reply");
	return ret;
}

struct wrtcnl_dump {
	int (*fn)(const struct wrtcnl_leg *leg, void *arg);
	void *arg;
	int count;
	int bad;
};

static int wrtcnl_on_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct wrtcnl_dump *d = arg;
	struct wrtcnl_leg leg;

	if (wrtcnl_parse_leg(nlh, &leg)) {
		d->bad = 1;
		return -EBADMSG;
	}
	d->count++;
	return d->fn ? d->fn(&leg, d->arg) : 0;
}

int wrtcnl_leg_dump(struct wrtcnl *nl,
		    int (*fn)(const struct wrtcnl_leg *leg, void *arg),
		    void *arg, struct wrtc_err *err)
{
	struct nlmsghdr *nlh =
		wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_GET, NLM_F_DUMP);
	struct wrtcnl_dump d = { .fn = fn, .arg = arg };
	int ret;

	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_dump, &d, err);
	if (d.bad)
		return wrtc_fail(err, -EBADMSG, 0, "leg dump: malformed leg");
	return ret ? ret : d.count;
}

int wrtcnl_leg_flush(struct wrtcnl *nl, struct wrtc_err *err)
{
	return wrtcnl_transact(nl,
			       wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_LEG_FLUSH, 0),
			       NULL, NULL, err);
}

/* Key attributes of each profile class, in the order of the session keys. */
static void wrtcnl_put_keys(struct nlmsghdr *nlh, const struct wrtcnl_key *key)
{
	struct nlattr *nest;
	size_t klen = 16, slen = 12;
	int type;

	switch (key->profile) {
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80:
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32:
		nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_AES_CM_128);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_KEY, 16,
			     key->rtp.cipher_key);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY, 20,
			     key->rtp.auth_key);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_SALT, 14,
			     key->rtp.salt);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_KEY, 16,
			     key->rtcp.cipher_key);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY, 20,
			     key->rtcp.auth_key);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_SALT, 14,
			     key->rtcp.salt);
		mnl_attr_nest_end(nlh, nest);
		return;
	case WRTC_SRTP_PROFILE_AEAD_AES_256_GCM:
		type = WRTC_A_KEY_AES_GCM_256;
		klen = 32;
		break;
	default:
		type = WRTC_A_KEY_AES_GCM_128;
		break;
	}
	/* The two GCM nests number their attributes alike. */
	nest = mnl_attr_nest_start(nlh, type);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_KEY, klen,
		     key->rtp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_SALT, slen,
		     key->rtp.salt);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_KEY, klen,
		     key->rtcp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_SALT, slen,
		     key->rtcp.salt);
	mnl_attr_nest_end(nlh, nest);
}

int wrtcnl_key_install(struct wrtcnl *nl, const struct wrtcnl_key *key,
		       struct wrtc_err *err)
{
	struct nlmsghdr *nlh =
		wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_KEY_INSTALL, 0);
	unsigned int i;

	if (key->n_ssrcs > WRTC_MAX_SSRCS)
		return wrtc_fail(err, -E2BIG, 0, "more than %d SSRC states",
				 WRTC_MAX_SSRCS);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, key->leg_id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, key->direction);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, key->slot);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_PROFILE, key->profile);
	wrtcnl_put_keys(nlh, key);
	for (i = 0; i < key->n_ssrcs; i++) {
		const struct wrtcnl_ssrc_state *s = &key->ssrcs[i];
		struct nlattr *nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_SSRC);

		mnl_attr_put_u32(nlh, WRTC_A_SSRC_STATE_SSRC, s->ssrc);
		mnl_attr_put_u32(nlh, WRTC_A_SSRC_STATE_ROC, s->roc);
		if (!s->no_seq)
			mnl_attr_put_u16(nlh, WRTC_A_SSRC_STATE_SEQ, s->seq);
		if (!s->no_srtcp_index)
			mnl_attr_put_u32(nlh, WRTC_A_SSRC_STATE_SRTCP_INDEX,
					 s->srtcp_index);
		mnl_attr_nest_end(nlh, nest);
	}
	if (key->packet_limit)
		mnl_attr_put_u64(nlh, WRTC_A_KEY_PACKET_LIMIT,
				 key->packet_limit);
	return wrtcnl_transact(nl, nlh, NULL, NULL, err);
}

int wrtcnl_key_swap(struct wrtcnl *nl, uint32_t leg_id, uint32_t direction,
		    struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_KEY_SWAP, 0);

	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, leg_id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, direction);
	return wrtcnl_transact(nl, nlh, NULL, NULL, err);
}

int wrtcnl_key_del(struct wrtcnl *nl, uint32_t leg_id, uint32_t direction,
		   uint32_t slot, struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_KEY_DEL, 0);

	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, leg_id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, direction);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, slot);
	return wrtcnl_transact(nl, nlh, NULL, NULL, err);
}
