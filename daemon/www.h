/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The demo page, daemon/www/index.html, embedded at build time: the
 * Makefile turns it into build/daemon/www_index.c.
 */
#ifndef WRTCD_WWW_H
#define WRTCD_WWW_H

#include <stddef.h>

extern const unsigned char www_index_html[];
extern const size_t www_index_html_len;

#endif /* WRTCD_WWW_H */
