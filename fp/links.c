// SPDX-License-Identifier: GPL-2.0-or-later
/* Pinned XDP links. */
#include <errno.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "links.h"
#include "netdev.h"
#include "parse.h"

void pf_link_pin_path(const struct pf_paths *p, const char *iface, char *out)
{
	char name[PF_IFNAMSIZ], *c;

	snprintf(name, sizeof(name), "%s", iface);
	for (c = name; *c; c++)
		if (*c == '.')
			*c = ':';
	pf_path_join(out, p->links, name);
}

void pf_link_pin_to_iface(char *name)
{
	for (; *name; name++)
		if (*name == ':')
			*name = '.';
}

void pf_link_inspect(const struct pf_paths *p, const char *iface, struct pf_link_info *li)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	char path[PATH_MAX];
	int fd;

	memset(li, 0, sizeof(*li));
	li->mode = "?";
	pf_link_pin_path(p, iface, path);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return;
	li->pinned = true;
	memset(&info, 0, sizeof(info));
	if (!bpf_link_get_info_by_fd(fd, &info, &len)) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		li->link_id = info.id;
		li->prog_id = info.prog_id;
		li->ifindex = (int)info.xdp.ifindex;
		/* A link whose device went away reports ifindex 0. */
		li->live = info.xdp.ifindex != 0;
		if (li->live && !bpf_xdp_query((int)info.xdp.ifindex, 0, &q)) {
			if (q.drv_prog_id == info.prog_id)
				li->mode = "native";
			else if (q.skb_prog_id == info.prog_id)
				li->mode = "generic";
		}
	}
	close(fd);
}

/* An unpinned XDP link in native or generic mode: its fd, or -errno with `why`. */
static int xdp_link(const char *iface, int ifindex, int prog_fd, enum pf_mode mode, char *why,
		    size_t whylen)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	int fd, err;

	opts.flags = mode == PF_MODE_NATIVE ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	if (fd >= 0)
		return fd;
	err = -errno;
	if (err == -EBUSY || err == -EEXIST)
		snprintf(why, whylen,
			 "another XDP program is attached to %s (see `ip link show "
			 "%s`); packetframe does not replace it",
			 iface, iface);
	else if (err == -EOPNOTSUPP || err == -EINVAL)
		snprintf(why, whylen, "%s XDP is not supported on %s (%s)", pf_mode_name(mode),
			 iface, strerror(-err));
	else
		snprintf(why, whylen, "bpf_link_create on %s: %s", iface, strerror(-err));
	return err;
}

int pf_xdp_attach_policy(const struct pf_xdp_target *t, int prog_fd, enum pf_mode mode,
			 enum pf_mode *used, char *why, size_t whylen)
{
	bool allowed;
	int fd;

	why[0] = 0;
	*used = mode;
	if (mode == PF_MODE_GENERIC)
		return xdp_link(t->iface, t->ifindex, prog_fd, mode, why, whylen);
	allowed = pf_native_allowed(t->driver, t->kernel, t->head_shift, why, whylen);
	if (!allowed && mode == PF_MODE_NATIVE)
		return -EPERM;
	if (allowed) {
		fd = xdp_link(t->iface, t->ifindex, prog_fd, PF_MODE_NATIVE, why, whylen);
		*used = PF_MODE_NATIVE;
		if (fd >= 0 || mode == PF_MODE_NATIVE)
			return fd;
	}
	/* auto: `why` keeps the reason native was skipped or failed, for the caller to log. */
	*used = PF_MODE_GENERIC;
	{
		char err[256];

		fd = xdp_link(t->iface, t->ifindex, prog_fd, PF_MODE_GENERIC, err, sizeof(err));
		if (fd < 0)
			snprintf(why, whylen, "%s", err);
	}
	return fd;
}

int pf_link_pin(const struct pf_paths *p, const char *iface, int fd, char *why, size_t whylen)
{
	char path[PATH_MAX];
	int err;

	pf_link_pin_path(p, iface, path);
	if (!bpf_obj_pin(fd, path))
		return 0;
	err = -errno;
	snprintf(why, whylen, "cannot pin the link at %s: %s (not attached)", path, strerror(-err));
	return err;
}

int pf_link_remove(const struct pf_paths *p, const char *iface)
{
	char path[PATH_MAX];
	int fd;

	pf_link_pin_path(p, iface, path);
	/*
	 * Detach first, synchronously: the pin's reference goes away in an RCU
	 * callback, so after unlink() alone the program may stay on the device
	 * for a moment, and a new attach right after would find it there.
	 */
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		bpf_link_detach(fd);
		close(fd);
	}
	return unlink(path) ? -errno : 0;
}
