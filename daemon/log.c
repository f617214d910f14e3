// SPDX-License-Identifier: GPL-2.0
/*
 * Logging to stderr. Each line is written with a single write(2) so that
 * lines stay whole when stderr is shared with other processes (a test
 * harness, a supervisor).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "log.h"

static enum log_level max_level = LOG_INFO;

static const char *const level_names[] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

void log_set_level(enum log_level level)
{
	max_level = level;
}

enum log_level log_get_level(void)
{
	return max_level;
}

int log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]);
	     i++)
		if (!strcmp(name, level_names[i]))
			return (int)i;
	return -1;
}

const char *log_level_name(enum log_level level)
{
	return level <= LOG_DEBUG ? level_names[level] : "?";
}

static void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;
	size_t n;
	int r;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	r = snprintf(line + n, sizeof(line) - n,
		     ".%03ld wrtcd %s: ", ts.tv_nsec / 1000000,
		     log_level_name(level));
	n += r > 0 ? (size_t)r : 0;
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (r < 0)
		r = 0;
	n += (size_t)r;
	/* Truncated lines still end in a newline. */
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	while (n && line[n - 1] == '\n')
		n--;
	/* Peers choose names and ids in messages: keep one event per line. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return; /* nowhere left to report it */
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

static void lws_emit(int lws_level, const char *line)
{
	enum log_level level = lws_level == LLL_ERR  ? LOG_ERROR :
			       lws_level == LLL_WARN ? LOG_WARN :
						       LOG_DEBUG;

	log_msg(level, "libwebsockets: %s", line);
}

void log_route_lws(void)
{
	/*
	 * lws notices are chatty (one per vhost, per plugin); its errors and
	 * warnings are the ones an operator needs. At debug we take notices.
	 */
	int levels = LLL_ERR | LLL_WARN;

	if (max_level >= LOG_DEBUG)
		levels |= LLL_NOTICE;
	lws_set_log_level(levels, lws_emit);
}
