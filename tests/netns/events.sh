# SPDX-License-Identifier: GPL-2.0-or-later
# The event log: attach, apply, allow and detach each leave one record of what
# they changed (maps by delta, links, the build, the allow list) and their
# result; a run that changed nothing writes nothing (a timer's apply, cron's
# same list: no flash write); a refused run is recorded with its error;
# `events` reads them back (--json, --since), skips a torn line with a
# warning, and the log rotates at its cap.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start events
L=$LAB/state/events.log
n_events() { pf events --json 2>/dev/null | jq length; }
last_line_is() { tail -1 "$L" | jq -e "$1" >/dev/null; }
human_has() { pf events | grep -q "$1"; }
warns_torn() { pf events 2>&1 >/dev/null | grep -q 'not event records'; }
refused() { pf "$@" >/dev/null 2>&1; [ $? = 1 ]; }
ev_is() { pf events --json | jq -e "$1" >/dev/null; }

pf attach >/dev/null 2>&1
t_check events_attach ev_is 'length == 1 and .[0].command == "attach" and .[0].result == "ok" and
	.[0].exit == 0 and .[0].user == "root" and .[0].uid == 0 and (.[0].config | test("pf.conf$")) and
	(.[0].changes.links | map(.iface + " " + .action) | sort) == ["r0 attached", "r1 attached"] and
	.[0].changes.build.to and (.[0].changes.build | has("from") | not) and
	.[0].changes.maps.IFACES.added == 2'
t_check events_ndjson [ "$(wc -l <"$L")" = 1 ] --and [ "$(jq -c . "$L" | wc -l)" = 1 ]
ino=$(stat -c "%i %y" "$LAB/state/attachments.json")
pf apply >/dev/null 2>&1
pf attach >/dev/null 2>&1
t_check events_noop_writes_nothing [ "$(n_events)" = 1 ] --and \
	[ "$(stat -c "%i %y" "$LAB/state/attachments.json")" = "$ino" ]

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null 2>&1
t_check events_allow ev_is '.[-1].command == "allow" and .[-1].args == ["replace", "-f", "'"$LAB"'/p.txt"] and
	.[-1].changes.allow_list == 1 and .[-1].changes.maps.ALLOW_V4.added == 1'
ino=$(stat -c "%i %y" "$LAB/state/allow.list")
pf allow replace -f "$LAB/p.txt" >/dev/null 2>&1
t_check events_same_list_writes_nothing [ "$(n_events)" = 2 ] --and \
	[ "$(stat -c "%i %y" "$LAB/state/allow.list")" = "$ino" ]
printf '10.91.2.0/33\n' >"$LAB/bad.txt"
pf allow replace -f "$LAB/bad.txt" >/dev/null 2>&1
t_check events_refusal_recorded ev_is '.[-1].command == "allow" and .[-1].result == "refused" and
	.[-1].exit == 1 and (.[-1].error | test("bad.txt:1"))'

# apply with a change: dry-run on, and a port dropped from the config.
sed -i '/attach r1/d' "$LAB/pf.conf"
echo "  dry-run on" >>"$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check events_apply ev_is '.[-1].command == "apply" and .[-1].changes.dry_run == true and
	.[-1].changes.links == [{"iface": "r1", "action": "detached"}]'
pf detach --all >/dev/null 2>&1
t_check events_detach_all ev_is '.[-1].command == "detach" and .[-1].changes.pins_removed and
	.[-1].changes.links == [{"iface": "r0", "action": "detached"}]'

# Reading: human lines, --since, a torn line, bad --since.
t_check events_human [ "$(pf events | wc -l)" = 5 ] --and [ "$(pf events --since 1h | wc -l)" = 5 ] \
	--and human_has 'apply \[root\] ok: maps IFACES +0 -1 ~0; dry_run true; links r1 detached$' \
	--and human_has "refused (.*bad.txt:1: .*; nothing changed)$"
t_check events_since_future [ "$(pf events --json --since "@$(($(date +%s) + 60))" | jq length)" = 0 ]
t_check events_since_abs [ "$(pf events --json --since "$(date -u +%Y-%m-%d)" | jq length)" = 5 ]
printf '{"ts": 1, "comm' >>"$L"
t_check events_torn_line_skipped [ "$(n_events 2>/dev/null)" = 5 ] --and warns_torn
t_check events_bad_since_refused refused events --since yesterday

pf allow add 10.91.9.0/24 >/dev/null 2>&1
t_check events_after_torn_line_whole [ "$(n_events 2>/dev/null)" = 6 ] --and last_line_is '.command == "allow"'


# Hostile arguments: a line break cannot forge a record line, control bytes
# are escaped on the terminal, bytes that are not UTF-8 keep the log JSON,
# long argument lists are capped; the same failure again is not written twice.
pf allow add "$(printf '10.0.0.0/33\n2026-01-01T00:00:00Z attach [root] ok')" "$(printf '\033[31m')" \
	"$(printf '\377\376')" >/dev/null 2>&1
t_check events_hostile_args_one_line [ "$(pf events 2>/dev/null | grep -c '^2026-01-01')" = 0 ] --and \
	[ "$(pf events 2>/dev/null | grep -c "$(printf '\033')")" = 0 ] --and \
	last_line_is '.args[3] == "\\xff\\xfe" and (.args[1] | test("\n"))'
n0=$(n_events)
pf allow add "$(printf '10.0.0.0/33\n2026-01-01T00:00:00Z attach [root] ok')" "$(printf '\033[31m')" \
	"$(printf '\377\376')" >/dev/null 2>&1
t_check events_repeated_failure_once [ "$(n_events)" = "$n0" ]
# shellcheck disable=SC2046 # 100 arguments
pf allow add $(seq -f '10.0.%g.0/33' 1 100) "$(head -c 1000 /dev/zero | tr '\0' a)" >/dev/null 2>&1
t_check events_args_capped last_line_is '(.args | length) == 33 and .args[32] == "(70 more)"'
pf allow add "$(head -c 1000 /dev/zero | tr '\0' a)" >/dev/null 2>&1
t_check events_long_arg_capped last_line_is '(.args[1] | length) == 259'
t_check events_no_log_said sh -c "rm -f '$L' '$L.1'; '$PF' --config '$LAB/pf.conf' events 2>&1 | grep -q 'no events recorded'"

# Rotation: a full log becomes events.log.1 and reading spans both.
pf allow add 10.91.8.0/24 >/dev/null 2>&1
line=$(head -1 "$L")
: >"$L"
while [ "$(stat -c %s "$L")" -lt 262100 ]; do
	printf '%s\n' "$line" "$line" "$line" "$line" "$line" "$line" "$line" "$line" >>"$L"
done
before=$(wc -l <"$L")
pf attach >/dev/null 2>&1
t_check events_rotated [ "$(wc -l <"$L.1")" = "$before" ] --and [ "$(wc -l <"$L")" = 1 ] --and \
	[ "$(n_events)" = "$((before + 1))" ]
