/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running build/wrtcctl from a test and reading what it printed: for the
 * host test (tests/wrtcctl/test_wrtcctl.c) and the guest test
 * (tests/guest/test_wrtcctl.c). Both test programs live two directories
 * below build/ (build/tests/wrtcctl/, build/guest/bin/), so the tool is
 * found next to them whatever the working directory; $WRTCCTL overrides.
 */
#ifndef WRTCCTL_RUN_H
#define WRTCCTL_RUN_H

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What one run printed, and how it ended. */
struct wrtcctl_out {
	int status; /* exit status; -1 killed by a signal or timed out */
	char out[65536]; /* stdout, NUL-terminated (cut if longer) */
	char err[4096]; /* stderr */
};

/* The tool's path: $WRTCCTL, else ../../wrtcctl from this program. */
static inline const char *wrtcctl_path(void)
{
	static char path[PATH_MAX + 16];
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	int i;

	if (getenv("WRTCCTL"))
		return getenv("WRTCCTL");
	if (path[0])
		return path;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "build/wrtcctl";
	exe[n] = '\0';
	/* Drop the program's name, then two directories. */
	for (i = 0; i < 3; i++) {
		slash = strrchr(exe, '/');
		if (!slash)
			return "build/wrtcctl";
		*slash = '\0';
	}
	snprintf(path, sizeof(path), "%s/wrtcctl", exe);
	return path;
}

static inline long wrtcctl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append what is readable on @fd to @buf (@cap bytes); 0 at EOF. */
static inline ssize_t wrtcctl_drain(int fd, char *buf, size_t cap, size_t *len)
{
	char junk[4096];
	ssize_t n;

	if (*len + 1 < cap) {
		n = read(fd, buf + *len, cap - 1 - *len);
		if (n > 0)
			*len += (size_t)n;
		buf[*len] = '\0';
	} else {
		n = read(fd, junk, sizeof(junk)); /* full: keep reading */
	}
	return n;
}

/*
 * A running wrtcctl with its stdout and stderr on pipes: for monitor,
 * which runs until signalled. @netns: a network namespace to run it in
 * (a path such as /run/netns/NAME), or NULL.
 */
struct wrtcctl_proc {
	pid_t pid;
	int out_fd, err_fd;
};

static inline int wrtcctl_spawn(struct wrtcctl_proc *p, const char *netns,
				char *const args[])
{
	const char *argv[32];
	int out[2], err[2], i;

	argv[0] = "wrtcctl";
	for (i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -errno;
	p->pid = fork();
	if (p->pid < 0)
		return -errno;
	if (p->pid == 0) {
		if (netns) {
			int fd = open(netns, O_RDONLY | O_CLOEXEC);

			if (fd < 0 || setns(fd, CLONE_NEWNET))
				_exit(126);
		}
		dup2(out[1], 1);
		dup2(err[1], 2);
		execv(wrtcctl_path(), (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out_fd = out[0];
	p->err_fd = err[0];
	return 0;
}

/*
 * Read @p's output into @o until it exits or @timeout_ms pass (then it
 * is killed), and reap it.
 */
static inline void wrtcctl_wait(struct wrtcctl_proc *p, struct wrtcctl_out *o,
				int timeout_ms)
{
	size_t olen = strlen(o->out), elen = strlen(o->err);
	long end = wrtcctl_now_ms() + timeout_ms;
	bool out_open = true, err_open = true;
	int st;

	while (out_open || err_open) {
		struct pollfd fds[2] = {
			{ .fd = out_open ? p->out_fd : -1, .events = POLLIN },
			{ .fd = err_open ? p->err_fd : -1, .events = POLLIN }
		};
		long left = end - wrtcctl_now_ms();

		if (left <= 0 || poll(fds, 2, (int)left) <= 0) {
			kill(p->pid, SIGKILL);
			break;
		}
		if (fds[0].revents && wrtcctl_drain(p->out_fd, o->out,
						    sizeof(o->out), &olen) <= 0)
			out_open = false;
		if (fds[1].revents && wrtcctl_drain(p->err_fd, o->err,
						    sizeof(o->err), &elen) <= 0)
			err_open = false;
	}
	close(p->out_fd);
	close(p->err_fd);
	if (waitpid(p->pid, &st, 0) != p->pid || !WIFEXITED(st))
		o->status = -1;
	else
		o->status = WEXITSTATUS(st);
}

/*
 * The next whole line @p printed on stdout after byte *@pos of o->out,
 * copied into @line (@cap bytes, without the newline) and *@pos moved past
 * it. 1 for a line, 0 when none came within @timeout_ms, -1 when stdout
 * closed (the process ended).
 */
static inline int wrtcctl_next_line(struct wrtcctl_proc *p,
				    struct wrtcctl_out *o, size_t *pos,
				    char *line, size_t cap, int timeout_ms)
{
	size_t olen = strlen(o->out), elen = strlen(o->err);
	long end = wrtcctl_now_ms() + timeout_ms;
	char *nl;

	for (;;) {
		struct pollfd fds[2] = { { .fd = p->out_fd, .events = POLLIN },
					 { .fd = p->err_fd,
					   .events = POLLIN } };
		long left = end - wrtcctl_now_ms();

		nl = strchr(o->out + *pos, '\n');
		if (nl) {
			snprintf(line, cap, "%.*s", (int)(nl - (o->out + *pos)),
				 o->out + *pos);
			*pos = (size_t)(nl + 1 - o->out);
			return 1;
		}
		if (left <= 0 || poll(fds, 2, (int)left) <= 0)
			return 0;
		if (fds[1].revents & POLLIN)
			wrtcctl_drain(p->err_fd, o->err, sizeof(o->err), &elen);
		if (fds[0].revents && wrtcctl_drain(p->out_fd, o->out,
						    sizeof(o->out), &olen) <= 0)
			return -1;
	}
}

/* Send @sig to @p and collect the rest of its output and its status. */
static inline int wrtcctl_stop(struct wrtcctl_proc *p, struct wrtcctl_out *o,
			       int sig)
{
	kill(p->pid, sig);
	wrtcctl_wait(p, o, 10000);
	return o->status;
}

/* Run wrtcctl ARGS... (NULL-terminated) to the end; o->status. */
static inline int wrtcctl_run_ns(struct wrtcctl_out *o, const char *netns,
				 char *const args[])
{
	struct wrtcctl_proc p;

	memset(o, 0, sizeof(*o));
	o->status = -1;
	if (wrtcctl_spawn(&p, netns, args))
		return -1;
	wrtcctl_wait(&p, o, 30000);
	return o->status;
}

#define WRTCCTL_RUN(o, ...) \
	wrtcctl_run_ns((o), NULL, (char *const[]){ __VA_ARGS__, NULL })
#define WRTCCTL_RUN_NS(o, ns, ...) \
	wrtcctl_run_ns((o), (ns), (char *const[]){ __VA_ARGS__, NULL })

/*
 * The member at a dotted @path ("by_class.rtp.pass.packets") of @root,
 * NULL when missing. Array elements are not addressed: look them up.
 */
static inline json_t *wrtcctl_jget(json_t *root, const char *path)
{
	char buf[256], *save = NULL, *part;
	json_t *j = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part && j;
	     part = strtok_r(NULL, ".", &save))
		j = json_is_object(j) ? json_object_get(j, part) : NULL;
	return j;
}

/* The integer at @path, or -1 when missing or not an integer. */
static inline long long wrtcctl_jint(json_t *root, const char *path)
{
	json_t *j = wrtcctl_jget(root, path);

	return json_is_integer(j) ? json_integer_value(j) : -1;
}

/* The string at @path, or "" when missing. */
static inline const char *wrtcctl_jstr(json_t *root, const char *path)
{
	json_t *j = wrtcctl_jget(root, path);

	return json_is_string(j) ? json_string_value(j) : "";
}

#endif /* WRTCCTL_RUN_H */
