#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# wrtc.ko's guest tests on Debian 12's 6.1 kernel (for tests/run.sh).
exec sh "$(dirname "$0")/run.sh" 6.1
