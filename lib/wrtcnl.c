// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcnl: the socket, the family lookup and request/reply handling with
 * extended acks. The operations are in wrtcnl_leg.c.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wrtcnl.h"
#include "wrtcnl_int.h"

int wrtcnl_fd(const struct wrtcnl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

uint32_t wrtcnl_portid(const struct wrtcnl *nl)
{
	return nl->portid;
}

uint16_t wrtcnl_family_id(const struct wrtcnl *nl)
{
	return nl->family;
}

uint32_t wrtcnl_events_group(const struct wrtcnl *nl)
{
	return nl->events_group;
}

const char *wrtcnl_extack(const struct wrtcnl *nl)
{
	return nl->extack;
}

uint32_t wrtcnl_extack_missing(const struct wrtcnl *nl)
{
	return nl->extack_missing;
}

struct nlmsghdr *wrtcnl_msg_family(struct wrtcnl *nl, void *buf,
				   uint16_t family, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = WRTC_FAMILY_VERSION;
	return nlh;
}

struct nlmsghdr *wrtcnl_msg(struct wrtcnl *nl, void *buf, uint8_t cmd,
			    uint16_t flags)
{
	return wrtcnl_msg_family(nl, buf, nl->family, cmd, flags);
}

/* State of one request while its replies come in. */
struct wrtcnl_call {
	struct wrtcnl *nl;
	int (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	int cb_ret; /* non-zero return of cb, which stops the walk */
};

static int wrtcnl_extack_attr(const struct nlattr *attr, void *data)
{
	struct wrtcnl *nl = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			strncpy(nl->extack, mnl_attr_get_str(attr),
				sizeof(nl->extack) - 1);
			nl->extack[sizeof(nl->extack) - 1] = '\0';
		}
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->extack_offset = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->extack_missing = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/*
 * NLMSG_ERROR: an ack (error 0) ends the request; an error carries the
 * extack attributes after the echoed request header (we ask for capped
 * acks, so the request's payload is not echoed).
 */
static int wrtcnl_on_error(const struct nlmsghdr *nlh, void *data)
{
	struct wrtcnl_call *call = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    mnl_nlmsg_size(off) <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, off, wrtcnl_extack_attr, call->nl);
	errno = -e->error;
	return MNL_CB_ERROR;
}

/* NLMSG_DONE ends a dump; a dump that failed says so in it. */
static int wrtcnl_on_done(const struct nlmsghdr *nlh, void *data)
{
	struct wrtcnl_call *call = data;
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error >= 0)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, sizeof(int), wrtcnl_extack_attr, call->nl);
	errno = -error;
	return MNL_CB_ERROR;
}

static int wrtcnl_on_data(const struct nlmsghdr *nlh, void *data)
{
	struct wrtcnl_call *call = data;
	int ret;

	if (!call->cb)
		return MNL_CB_OK;
	ret = call->cb(nlh, call->arg);
	if (ret) {
		call->cb_ret = ret;
		return MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

int wrtcnl_transact(struct wrtcnl *nl, struct nlmsghdr *nlh,
		    int (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg,
		    struct wrtc_err *err)
{
	struct wrtcnl_call call = { .nl = nl, .cb = cb, .arg = arg };
	/* libmnl takes the table without const: keep it on the stack. */
	mnl_cb_t wrtcnl_ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = wrtcnl_on_error,
		[NLMSG_DONE] = wrtcnl_on_done,
	};
	unsigned int seq = ++nl->seq;
	int ret;

	nl->extack[0] = '\0';
	nl->extack_offset = 0;
	nl->extack_missing = 0;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return wrtc_fail(err, -errno, 0, "netlink send: %s",
				 strerror(errno));
	do {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rxbuf,
						sizeof(nl->rxbuf));

		if (n < 0)
			return wrtc_fail(err, -errno, 0, "netlink receive: %s",
					 strerror(errno));
		ret = mnl_cb_run2(nl->rxbuf, (size_t)n, seq, nl->portid,
				  wrtcnl_on_data, &call, wrtcnl_ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0) {
		int code = errno ? -errno : -EPROTO;

		if (nl->extack[0])
			return wrtc_fail(err, code, nl->extack_offset, "%s",
					 nl->extack);
		return wrtc_fail(err, code, 0, "%s", strerror(-code));
	}
	/* A dump whose callback stopped early: drain the rest of it. */
	if (call.cb_ret && (nlh->nlmsg_flags & NLM_F_DUMP)) {
		call.cb = NULL;
		do {
			ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rxbuf,
							sizeof(nl->rxbuf));

			if (n < 0)
				break;
			ret = mnl_cb_run2(nl->rxbuf, (size_t)n, seq, nl->portid,
					  wrtcnl_on_data, &call, wrtcnl_ctl,
					  NLMSG_MIN_TYPE);
		} while (ret > MNL_CB_STOP);
	}
	return call.cb_ret;
}

/* CTRL_CMD_GETFAMILY reply: the family id and the events group id. */
static int wrtcnl_mcgrp(const struct nlattr *grp, struct wrtcnl *nl)
{
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, grp)
	{
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			id = mnl_attr_get_u32(a);
	}
	if (name && !strcmp(name, WRTC_MCGRP_EVENTS))
		nl->events_group = id;
	return 0;
}

static int wrtcnl_family_attr(const struct nlattr *attr, void *data)
{
	struct wrtcnl *nl = data;
	const struct nlattr *grp;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			break;
		mnl_attr_for_each_nested(grp, attr) wrtcnl_mcgrp(grp, nl);
		break;
	}
	return MNL_CB_OK;
}

static int wrtcnl_on_family(const struct nlmsghdr *nlh, void *arg)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), wrtcnl_family_attr, arg);
	return 0;
}

int wrtcnl_open(struct wrtcnl **nlp, struct wrtc_err *err)
{
	struct wrtcnl *nl;
	struct nlmsghdr *nlh;
	int one = 1, ret;

	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return wrtc_fail(err, -ENOMEM, 0, "out of memory");
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		ret = wrtc_fail(err, -errno, 0, "netlink socket: %s",
				strerror(errno));
		free(nl);
		return ret;
	}
	/* Extended acks with messages; no echo of the request payload. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = wrtc_fail(err, -errno, 0, "netlink bind: %s",
				strerror(errno));
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);

	nlh = wrtcnl_msg_family(nl, nl->txbuf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
				0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, WRTC_FAMILY_NAME);
	ret = wrtcnl_transact(nl, nlh, wrtcnl_on_family, nl, err);
	if (ret == -ENOENT)
		ret = wrtc_fail(
			err, -ENOENT, 0,
			"no generic netlink family %s: is wrtc.ko loaded?",
			WRTC_FAMILY_NAME);
	if (ret < 0)
		goto fail;
	if (!nl->family) {
		ret = wrtc_fail(err, -EPROTO, 0, "no family id in the reply");
		goto fail;
	}
	*nlp = nl;
	return 0;
fail:
	mnl_socket_close(nl->sock);
	free(nl);
	return ret;
}

void wrtcnl_close(struct wrtcnl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl);
}
