// SPDX-License-Identifier: GPL-2.0-or-later
/* Registry round trip, corrupt and missing registries. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fp/registry.h"
#include "fp/state.h"
#include "harness.h"

PF_TEST(registry_round_trip)
{
	char dir[] = "/tmp/pf-reg-XXXXXX", path[PATH_MAX], err[256];
	struct pf_registry r = { .build_id = "0123456789abcdef", .version = "0.1.0" }, back;
	struct pf_reg_entry a = { .iface = "eth0", .ifindex = 2, .mode = "native",
				  .prog_id = 41, .link_id = 7, .attached_at = 1790000000 };
	struct pf_reg_entry b = { .iface = "eth1", .ifindex = 3, .mode = "generic",
				  .prog_id = 41, .link_id = 8, .attached_at = 1790000001 };

	T_ASSERT(mkdtemp(dir), "mkdtemp");
	pf_path_join(path, dir, "attachments.json");
	strcpy(a.pin, "/sys/fs/bpf/packetframe/fast-path/links/eth0");
	strcpy(b.pin, "/sys/fs/bpf/packetframe/fast-path/links/eth1");
	T_ASSERT(!pf_registry_put(&r, &a) && !pf_registry_put(&r, &b), "put");
	a.link_id = 9;
	T_ASSERT(!pf_registry_put(&r, &a), "replace");
	T_EQ_U64(r.n, 2, "replace does not duplicate");
	T_ASSERT(!pf_registry_write(path, &r), "write");
	T_ASSERT(!pf_registry_read(path, &back, err, sizeof(err)), "read: %s", err);
	T_CHECK(!strcmp(back.build_id, r.build_id) && !strcmp(back.version, "0.1.0"), "header");
	T_EQ_U64(back.n, 2, "entries");
	T_CHECK(back.n == 2 && !memcmp(&back.e[0], &r.e[0], sizeof(a)) &&
			!memcmp(&back.e[1], &r.e[1], sizeof(b)),
		"entries differ after the round trip");
	pf_registry_del(&back, "eth0");
	T_CHECK(back.n == 1 && !strcmp(back.e[0].iface, "eth1"), "del");
	pf_registry_free(&back);
	pf_registry_free(&r);

	T_ASSERT(!pf_write_atomic(path, "{ not json", 10, 0600), "corrupt it");
	T_EQ_U64(pf_registry_read(path, &back, err, sizeof(err)), (unsigned long long)-EINVAL,
		 "corrupt registry");
	T_CHECK(strstr(err, "corrupt JSON"), "message: %s", err);
	unlink(path);
	T_EQ_U64(pf_registry_read(path, &back, err, sizeof(err)), (unsigned long long)-ENOENT,
		 "missing registry");
	rmdir(dir);
}

PF_TEST(atomic_write_replaces_and_leaves_no_tmp)
{
	char dir[] = "/tmp/pf-aw-XXXXXX", path[PATH_MAX], *txt, cmd[PATH_MAX + 32];

	T_ASSERT(mkdtemp(dir), "mkdtemp");
	pf_path_join(path, dir, "f");
	T_ASSERT(!pf_write_atomic(path, "one", 3, 0600), "write 1");
	T_ASSERT(!pf_write_atomic(path, "two", 3, 0600), "write 2");
	txt = pf_read_file(path, 100);
	T_CHECK(txt && !strcmp(txt, "two"), "content");
	free(txt);
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) = 1", dir);
	T_CHECK(!system(cmd), "temporary files left behind");
	unlink(path);
	rmdir(dir);
}
