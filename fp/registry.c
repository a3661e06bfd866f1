// SPDX-License-Identifier: GPL-2.0-or-later
/* Registry JSON (cJSON) read and atomic write. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "grow.h"
#include "registry.h"
#include "state.h"

static void copy_str(char *dst, size_t len, const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	snprintf(dst, len, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

int pf_registry_read(const char *path, struct pf_registry *r, char *err, size_t errlen)
{
	cJSON *root, *list, *it;
	char *text;

	memset(r, 0, sizeof(*r));
	text = pf_read_file(path, 1 << 20);
	if (!text) {
		if (errno == ENOENT)
			return -ENOENT;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -EINVAL;
	}
	root = cJSON_Parse(text);
	free(text);
	list = root ? cJSON_GetObjectItemCaseSensitive(root, "attachments") : NULL;
	if (!cJSON_IsArray(list)) {
		snprintf(err, errlen, "%s: not a packetframe registry (corrupt JSON)", path);
		cJSON_Delete(root);
		return -EINVAL;
	}
	copy_str(r->build_id, sizeof(r->build_id), root, "build_id");
	copy_str(r->version, sizeof(r->version), root, "version");
	cJSON_ArrayForEach(it, list) {
		struct pf_reg_entry e;

		memset(&e, 0, sizeof(e));
		copy_str(e.iface, sizeof(e.iface), it, "iface");
		copy_str(e.mode, sizeof(e.mode), it, "mode");
		copy_str(e.pin, sizeof(e.pin), it, "pin");
		e.ifindex = (int)num(it, "ifindex");
		e.prog_id = (__u32)num(it, "prog_id");
		e.link_id = (__u32)num(it, "link_id");
		e.attached_at = (long long)num(it, "attached_at");
		if (e.iface[0] && pf_registry_put(r, &e)) {
			cJSON_Delete(root);
			pf_registry_free(r);
			snprintf(err, errlen, "out of memory");
			return -EINVAL;
		}
	}
	cJSON_Delete(root);
	return 0;
}

int pf_registry_write(const char *path, const struct pf_registry *r)
{
	cJSON *root = cJSON_CreateObject(), *list;
	char *text;
	size_t i;
	int err;

	if (!root)
		return -ENOMEM;
	cJSON_AddStringToObject(root, "module", "fast-path");
	cJSON_AddStringToObject(root, "build_id", r->build_id);
	cJSON_AddStringToObject(root, "version", r->version);
	list = cJSON_AddArrayToObject(root, "attachments");
	for (i = 0; list && i < r->n; i++) {
		const struct pf_reg_entry *e = &r->e[i];
		cJSON *o = cJSON_CreateObject();

		if (!o)
			break;
		cJSON_AddStringToObject(o, "iface", e->iface);
		cJSON_AddNumberToObject(o, "ifindex", e->ifindex);
		cJSON_AddStringToObject(o, "mode", e->mode);
		cJSON_AddNumberToObject(o, "prog_id", e->prog_id);
		cJSON_AddNumberToObject(o, "link_id", e->link_id);
		cJSON_AddStringToObject(o, "pin", e->pin);
		cJSON_AddNumberToObject(o, "attached_at", (double)e->attached_at);
		cJSON_AddItemToArray(list, o);
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return -ENOMEM;
	err = pf_write_if_changed(path, text, strlen(text), 0600);
	free(text);
	return err < 0 ? err : 0;
}

int pf_registry_put(struct pf_registry *r, const struct pf_reg_entry *e)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->e[i].iface, e->iface)) {
			r->e[i] = *e;
			return 0;
		}
	if (pf_grow_append((void **)&r->e, r->n, sizeof(*r->e)))
		return -ENOMEM;
	r->e[r->n++] = *e;
	return 0;
}

void pf_registry_del(struct pf_registry *r, const char *iface)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->e[i].iface, iface)) {
			r->e[i] = r->e[--r->n];
			return;
		}
}

void pf_registry_free(struct pf_registry *r)
{
	free(r->e);
	r->e = NULL;
	r->n = 0;
}
