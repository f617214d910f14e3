// SPDX-License-Identifier: GPL-2.0
/* wrtcnl: stats-get (do and dump) and parsing of its replies. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <string.h>

#include "wrtcnl.h"
#include "wrtcnl_int.h"

struct wrtcnl_stats_tb {
	const struct nlattr *a[WRTC_A_SSRC_STATS_MAX + 1];
};

static int wrtcnl_stats_tb_put(const struct nlattr *attr, void *data)
{
	struct wrtcnl_stats_tb *tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= WRTC_A_SSRC_STATS_MAX && !tb->a[type])
		tb->a[type] = attr;
	return MNL_CB_OK;
}

static uint64_t wrtcnl_get(const struct nlattr *a, enum mnl_attr_data_type t)
{
	if (!a || mnl_attr_validate(a, t))
		return 0;
	switch (t) {
	case MNL_TYPE_U16:
		return mnl_attr_get_u16(a);
	case MNL_TYPE_U32:
		return mnl_attr_get_u32(a);
	default:
		return mnl_attr_get_u64(a);
	}
}

static int wrtcnl_parse_ssrc(const struct nlattr *nest,
			     struct wrtcnl_ssrc_stats *s)
{
	struct wrtcnl_stats_tb tb = { 0 };

	if (mnl_attr_parse_nested(nest, wrtcnl_stats_tb_put, &tb) < 0 ||
	    !tb.a[WRTC_A_SSRC_STATS_SSRC])
		return -EBADMSG;
	s->ssrc = (uint32_t)wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_SSRC],
				       MNL_TYPE_U32);
	s->direction = (uint32_t)wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_DIRECTION],
					    MNL_TYPE_U32);
	s->roc =
		(uint32_t)wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_ROC], MNL_TYPE_U32);
	s->has_seq = tb.a[WRTC_A_SSRC_STATS_SEQ] != NULL;
	s->seq =
		(uint16_t)wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_SEQ], MNL_TYPE_U16);
	s->has_srtcp_index = tb.a[WRTC_A_SSRC_STATS_SRTCP_INDEX] != NULL;
	s->srtcp_index = (uint32_t)wrtcnl_get(
		tb.a[WRTC_A_SSRC_STATS_SRTCP_INDEX], MNL_TYPE_U32);
	s->packets = wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_PACKETS], MNL_TYPE_U64);
	s->bytes = wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_BYTES], MNL_TYPE_U64);
	s->auth_failures =
		wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_AUTH_FAILURES], MNL_TYPE_U64);
	s->replay_drops =
		wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_REPLAY_DROPS], MNL_TYPE_U64);
	s->last_packet =
		wrtcnl_get(tb.a[WRTC_A_SSRC_STATS_LAST_PACKET], MNL_TYPE_U64);
	return 0;
}

static int wrtcnl_parse_leg_stats(const struct nlmsghdr *nlh,
				  struct wrtcnl_leg_stats *st)
{
	const struct nlattr *a;

	memset(st, 0, sizeof(*st));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EBADMSG;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
	{
		switch (mnl_attr_get_type(a)) {
		case WRTC_A_LEG_ID:
			st->leg_id = (uint32_t)wrtcnl_get(a, MNL_TYPE_U32);
			break;
		case WRTC_A_LEG_STATS:
			wrtcnl_parse_stats(a, &st->stats);
			break;
		case WRTC_A_LEG_SSRC:
			if (st->n_ssrcs == WRTCNL_MAX_SSRC_STATS)
				break;
			if (wrtcnl_parse_ssrc(a, &st->ssrcs[st->n_ssrcs]))
				return -EBADMSG;
			st->n_ssrcs++;
			break;
		default:
			break;
		}
	}
	return st->leg_id ? 0 : -EBADMSG;
}

static int wrtcnl_on_stats(const struct nlmsghdr *nlh, void *arg)
{
	return wrtcnl_parse_leg_stats(nlh, arg);
}

int wrtcnl_stats_get(struct wrtcnl *nl, uint32_t leg_id,
		     struct wrtcnl_leg_stats *stats, struct wrtc_err *err)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_STATS_GET, 0);
	int ret;

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, leg_id);
	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_stats, stats, err);
	if (ret == -EBADMSG)
		return wrtc_fail(err, ret, 0, "stats-get: malformed reply");
	return ret;
}

struct wrtcnl_stats_walk {
	int (*fn)(const struct wrtcnl_leg_stats *stats, void *arg);
	void *arg;
	struct wrtcnl_leg_stats st;
	int count;
	int bad;
};

static int wrtcnl_on_stats_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct wrtcnl_stats_walk *w = arg;

	if (wrtcnl_parse_leg_stats(nlh, &w->st)) {
		w->bad = 1;
		return -EBADMSG;
	}
	w->count++;
	return w->fn ? w->fn(&w->st, w->arg) : 0;
}

int wrtcnl_stats_dump(struct wrtcnl *nl,
		      int (*fn)(const struct wrtcnl_leg_stats *stats,
				void *arg),
		      void *arg, struct wrtc_err *err)
{
	struct nlmsghdr *nlh =
		wrtcnl_msg(nl, nl->txbuf, WRTC_CMD_STATS_GET, NLM_F_DUMP);
	struct wrtcnl_stats_walk w = { .fn = fn, .arg = arg };
	int ret;

	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_stats_dump, &w, err);
	if (w.bad)
		return wrtc_fail(err, -EBADMSG, 0, "stats dump: malformed");
	return ret ? ret : w.count;
}

const struct wrtcnl_ssrc_stats *
wrtcnl_find_ssrc(const struct wrtcnl_leg_stats *stats, uint32_t dir,
		 uint32_t ssrc)
{
	unsigned int i;

	for (i = 0; i < stats->n_ssrcs; i++)
		if (stats->ssrcs[i].direction == dir &&
		    stats->ssrcs[i].ssrc == ssrc)
			return &stats->ssrcs[i];
	return NULL;
}
