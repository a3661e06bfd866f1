/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPsec policies the fast path would bypass. Traffic an xfrm policy covers
 * must be encrypted (or dropped) by the kernel; forwarded in XDP it would
 * leave in clear text. The allowlist (source OR destination) must therefore
 * not reach any forward or output policy's selector.
 */
#ifndef PF_XFRM_H
#define PF_XFRM_H

#include <stddef.h>
#include "prefix.h"

/*
 * 0 when no policy's selector overlaps an allowlisted prefix; PF_REFUSED with
 * err naming the policy and the prefix; -errno when the policies cannot be
 * read (no XFRM support at all counts as no policies).
 */
int pf_xfrm_check(const struct pf_prefix *allow, size_t n, char *err, size_t errlen);

#endif
