/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests that ask an outside tool (tcpdump, tshark) what it makes of our output. */
#ifndef PF_TEST_RUN_LINE_H
#define PF_TEST_RUN_LINE_H

#include <stddef.h>

/* The first line `cmd` prints (no newline) into out; 0 unless it ran and exited 0. */
int t_run_line(const char *cmd, char *out, size_t len);

#endif
