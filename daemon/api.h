/* SPDX-License-Identifier: GPL-2.0 */
/* GET /api/calls: the calls and their legs as JSON (SIGNALING.md). */
#ifndef WRTCD_API_H
#define WRTCD_API_H

#include <jansson.h>

#include "call.h"

/* {"calls":[...]}; a new reference, NULL when out of memory. */
json_t *api_calls(struct call_table *t);

#endif /* WRTCD_API_H */
