/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capability and environment checks for `packetframe feasibility`: what the
 * embedded object needs from this kernel (read from the object itself: its
 * map types and the helpers its programs call), what the config needs from
 * the machine, and advice. No check leaves anything behind.
 */
#ifndef PF_FEASIBILITY_H
#define PF_FEASIBILITY_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"

enum pf_check_status { PF_CHECK_PASS, PF_CHECK_FAIL, PF_CHECK_WARN, PF_CHECK_INFO };

struct pf_check {
	char name[64];
	bool required;
	enum pf_check_status status;
	char detail[320];
};

struct pf_checks {
	struct pf_check *v;
	size_t n;
};

extern const char *const pf_check_status_names[4];

void pf_feasibility_run(const struct pf_config *c, struct pf_checks *out);
void pf_checks_free(struct pf_checks *cs);
/* Number of required checks that did not pass. */
size_t pf_checks_failed(const struct pf_checks *cs);

#endif
