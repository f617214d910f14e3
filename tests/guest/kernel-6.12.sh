#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wrtc.ko's guest tests on 6.12 from bookworm-backports (for tests/run.sh).
exec sh "$(dirname "$0")/run.sh" 6.12
