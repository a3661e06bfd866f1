/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Leveled logging to stderr ("packetframe: error: ..."), filtered by the
 * context's level; libbpf's own messages are routed through the same filter.
 */
#ifndef PF_LOG_H
#define PF_LOG_H

#include "ctx.h"

void pf_log(const struct pf_ctx *ctx, enum pf_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define pf_err(ctx, ...) pf_log(ctx, PF_LOG_ERROR, __VA_ARGS__)
#define pf_warn(ctx, ...) pf_log(ctx, PF_LOG_WARN, __VA_ARGS__)
#define pf_info(ctx, ...) pf_log(ctx, PF_LOG_INFO, __VA_ARGS__)
#define pf_dbg(ctx, ...) pf_log(ctx, PF_LOG_DEBUG, __VA_ARGS__)

/* The last error message logged ("" when none), whether it was shown or not. */
const char *pf_log_last_error(void);

/* Route libbpf's messages to stderr: warnings always, debug only at -v -v. */
void pf_log_setup_libbpf(const struct pf_ctx *ctx);

#endif
