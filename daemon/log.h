/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtcd's log: one line per event on stderr, with a timestamp and a level,
 * saying what happened ("listening on ...", "peer P3 joined room R").
 */
#ifndef WRTCD_LOG_H
#define WRTCD_LOG_H

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

/* Lines above @level are dropped. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* "error", "warn", "info", "debug" to a level; -1 when unknown. */
int log_level_parse(const char *name);
const char *log_level_name(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Send libwebsockets' own errors and warnings through log_msg(). */
void log_route_lws(void);

#endif /* WRTCD_LOG_H */
