# SPDX-License-Identifier: GPL-2.0-or-later
# Every LIVE or WATCH counter in bpf/counters.h is counted somewhere in bpf/, and no
# RESERVED one is: a metric is exported only if something can move it.
. tests/lib/t.sh
src=$(cat bpf/*.c bpf/*.h | grep -v 'X(')
bad=
for c in $(sed -n 's/^[[:space:]]*X(\([a-z0-9_]*\), \(LIVE\|WATCH\),.*/\1/p' bpf/counters.h); do
	echo "$src" | grep -Eq "(PF_C_$c\\b|COUNT\\(st, $c\\))" || bad="$bad $c"
done
t_check counters_live_are_counted [ -z "$bad" ]
if [ -n "$bad" ]; then echo "never counted:$bad"; fi
bad=
for c in $(sed -n 's/^[[:space:]]*X(\([a-z0-9_]*\), RESERVED,.*/\1/p' bpf/counters.h); do
	echo "$src" | grep -Eq "(PF_C_$c\\b|COUNT\\(st, $c\\))" && bad="$bad $c"
done
t_check counters_reserved_are_not_counted [ -z "$bad" ]
if [ -n "$bad" ]; then echo "counted but RESERVED:$bad"; fi
n=$(grep -c '^[[:space:]]*X([a-z0-9_]*, \(LIVE\|WATCH\|RESERVED\),' bpf/counters.h)
t_check counters_every_line_has_a_kind [ "$n" = "$(grep -c '^[[:space:]]*X([a-z0-9_]*,' bpf/counters.h)" ]
