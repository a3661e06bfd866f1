// SPDX-License-Identifier: GPL-2.0-or-later
/* The live view of `stats --interval` (see live_view.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "counter_names.h"
#include "live_view.h"
#include "instance.h"
#include "snapshot.h"

#define TOP 3 /* bypass reasons shown */

/* What a counter says about a frame's fate, by its name's prefix. */
enum fate { OTHER, FAST, KERNEL, DROP, ERROR };

static enum fate fate_of(const char *name)
{
	if (!strcmp(name, "fwd_ok"))
		return FAST;
	if (!strncmp(name, "pass_", 5) || !strcmp(name, "allow_miss") ||
	    !strcmp(name, "fwd_dry_run"))
		return KERNEL;
	if (!strncmp(name, "drop_", 5) || !strcmp(name, "bogon_dropped"))
		return DROP;
	if (!strncmp(name, "err_", 4))
		return ERROR;
	return OTHER;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Sleep interval_s seconds, or less when a signal asks to stop. */
static void pause_for(unsigned int interval_s)
{
	struct timespec t = { (time_t)interval_s, 0 };

	while (!stop && nanosleep(&t, &t) && errno == EINTR)
		;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One interval: rates from a to b over secs. */
static void print_rates(const struct pf_snapshot *a, const struct pf_snapshot *b, double secs,
			bool json)
{
	double by[ERROR + 1] = { 0 }, rate[PF_COUNTER_MAX];
	int top[TOP] = { -1, -1, -1 }, i, j;
	double rx = (double)(b->c[PF_C_rx_total] - a->c[PF_C_rx_total]) / secs;
	char stamp[16];
	time_t t = time(NULL);

	for (i = 0; i < PF_COUNTER_MAX; i++) {
		enum fate f = fate_of(pf_counter_name((unsigned)i));

		rate[i] = (double)(b->c[i] - a->c[i]) / secs;
		if (!pf_counter_shown((unsigned)i, b->watch_runs))
			continue;
		by[f] += rate[i];
		if (f != KERNEL || rate[i] <= 0)
			continue;
		for (j = TOP - 1; j >= 0 && (top[j] < 0 || rate[i] > rate[top[j]]); j--)
			if (j + 1 < TOP)
				top[j + 1] = top[j];
		if (j + 1 < TOP)
			top[j + 1] = i;
	}
	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&t));
	if (json) {
		cJSON *o = cJSON_CreateObject(), *r = cJSON_AddArrayToObject(o, "top_bypass");
		char *s;

		cJSON_AddNumberToObject(o, "time", (double)t);
		cJSON_AddNumberToObject(o, "interval_s", secs);
		cJSON_AddNumberToObject(o, "rx_pps", rx);
		cJSON_AddNumberToObject(o, "fast_pps", by[FAST]);
		cJSON_AddNumberToObject(o, "fast_share", rx > 0 ? by[FAST] / rx : 0);
		cJSON_AddNumberToObject(o, "kernel_pps", by[KERNEL]);
		cJSON_AddNumberToObject(o, "drop_pps", by[DROP]);
		cJSON_AddNumberToObject(o, "error_pps", by[ERROR]);
		for (j = 0; j < TOP && top[j] >= 0; j++) {
			cJSON *e = cJSON_CreateObject();

			cJSON_AddStringToObject(e, "counter", pf_counter_name((unsigned)top[j]));
			cJSON_AddNumberToObject(e, "pps", rate[top[j]]);
			cJSON_AddItemToArray(r, e);
		}
		s = cJSON_PrintUnformatted(o);
		if (s)
			printf("%s\n", s);
		cJSON_free(s);
		cJSON_Delete(o);
		fflush(stdout);
		return;
	}
	printf("%-8s %10.0f %10.0f %6.1f%% %10.0f %8.0f %8.0f ", stamp, rx, by[FAST],
	       rx > 0 ? 100.0 * by[FAST] / rx : 0.0, by[KERNEL], by[DROP], by[ERROR]);
	for (j = 0; j < TOP && top[j] >= 0; j++)
		printf("%s%s %.0f", j ? ", " : " ", pf_counter_name((unsigned)top[j]), rate[top[j]]);
	printf("\n");
	fflush(stdout);
}

/* The pinned fast path now: opened again each time, so a re-attach or an upgrade is followed. */
static void take(const struct pf_ctx *ctx, const struct pf_paths *p, struct pf_snapshot *s)
{
	struct pf_inst in;

	pf_inst_open(ctx, p, &in);
	pf_snapshot_take(p, &in, s);
	pf_inst_close(&in);
}

int pf_live_view(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int interval_s,
		 unsigned int count, bool json)
{
	struct pf_snapshot a, b;
	struct sigaction sa;
	unsigned int n;
	double ta, tb;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	take(ctx, p, &a);
	ta = now_s();
	if (!a.have_counters)
		return -ENOENT;
	if (!json)
		printf("%-8s %10s %10s %7s %10s %8s %8s  %s\n", "time", "rx/s", "fast/s", "fast",
		       "kernel/s", "drop/s", "error/s", "top reasons for the kernel path");
	for (n = 0; !stop && (!count || n < count); n++) {
		pause_for(interval_s);
		if (stop)
			break;
		take(ctx, p, &b);
		tb = now_s();
		if (!b.have_counters)
			return -ENOENT;
		/* A block that went back (detached and attached again): start again from it. */
		if (b.c[PF_C_rx_total] < a.c[PF_C_rx_total]) {
			if (!json)
				printf("%-8s (the counters started again)\n", "");
		} else {
			print_rates(&a, &b, tb - ta, json);
		}
		a = b;
		ta = tb;
	}
	return 0;
}
