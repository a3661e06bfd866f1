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

int pf_link_create(const struct pf_paths *p, const char *iface, int ifindex, int prog_fd,
		   enum pf_mode mode, char *why, size_t whylen)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	char path[PATH_MAX];
	int fd, err;

	opts.flags = mode == PF_MODE_NATIVE ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	if (fd < 0) {
		err = -errno;
		if (err == -EBUSY || err == -EEXIST)
			snprintf(why, whylen, "another XDP program is attached to %s (see `ip link "
				 "show %s`); packetframe does not replace it", iface, iface);
		else if (err == -EOPNOTSUPP || err == -EINVAL)
			snprintf(why, whylen, "%s XDP is not supported on %s (%s)",
				 mode == PF_MODE_NATIVE ? "native" : "generic", iface,
				 strerror(-err));
		else
			snprintf(why, whylen, "bpf_link_create on %s: %s", iface, strerror(-err));
		return err;
	}
	pf_link_pin_path(p, iface, path);
	if (bpf_obj_pin(fd, path)) {
		err = -errno;
		snprintf(why, whylen, "cannot pin the link at %s: %s (not attached)", path,
			 strerror(-err));
		close(fd); /* the only reference: the attachment goes with it */
		return err;
	}
	close(fd);
	return 0;
}

int pf_link_remove(const struct pf_paths *p, const char *iface)
{
	char path[PATH_MAX];

	pf_link_pin_path(p, iface, path);
	return unlink(path) ? -errno : 0;
}
