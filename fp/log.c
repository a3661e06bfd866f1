// SPDX-License-Identifier: GPL-2.0-or-later
/* Leveled logging to stderr, and the bridge for libbpf's print callback. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "log.h"

static const char *const level_names[] = {
	[PF_LOG_ERROR] = "error",
	[PF_LOG_WARN] = "warning",
	[PF_LOG_INFO] = "info",
	[PF_LOG_DEBUG] = "debug",
};

/* The last error, shown or not: the event log records why a run failed. */
static char last_error[512];

const char *pf_log_last_error(void)
{
	return last_error;
}

void pf_log(const struct pf_ctx *ctx, enum pf_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == PF_LOG_ERROR) {
		va_start(ap, fmt);
		vsnprintf(last_error, sizeof(last_error), fmt, ap);
		va_end(ap);
	}
	if ((int)level > ctx->log_level)
		return;
	fprintf(stderr, "packetframe: %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * libbpf's callback carries no user data, so the filter is chosen by picking
 * one of two callbacks rather than by reading a global level.
 */
static int libbpf_print_warn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libbpf_print_all(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static int libbpf_print_none(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

void pf_log_setup_libbpf(const struct pf_ctx *ctx)
{
	if (ctx->log_level > PF_LOG_DEBUG)
		libbpf_set_print(libbpf_print_all);
	else if (ctx->log_level >= PF_LOG_WARN)
		libbpf_set_print(libbpf_print_warn);
	else
		libbpf_set_print(libbpf_print_none);
}
