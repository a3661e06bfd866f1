#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Do the dashboard and the alert rules ask only for metrics the binary
# writes? Prints each packetframe_* name (and each __name__ regex) that FILE...
# use and METRICS (a textfile `stats --prometheus` wrote) does not have;
# exits 1 when there is one.
#
# usage: release/metric-refs.sh METRICS FILE...
set -u
metrics=$1
shift
have=$(sed -n 's/^# TYPE \(packetframe_[a-z0-9_]*\) .*/\1/p' "$metrics" | sort -u)
bad=0
# Names: every packetframe_ name outside a __name__ regex (and not a regex's
# own prefix, as in label_replace's "packetframe_(.*)_total").
for n in $(sed 's/__name__=~\\*"[^"\\]*\\*"//g' "$@" | grep -o 'packetframe_[a-z0-9_]*[a-z0-9]' | sort -u); do
	echo "$have" | grep -qx "$n" || { echo "not written by packetframe: $n"; bad=1; }
done
# Regexes: each must match a name that is written.
for re in $(grep -ho '__name__=~\\*"[^"\\]*' "$@" | sed 's/.*"//' | sort -u); do
	echo "$have" | grep -qxE "$re" || { echo "matches nothing packetframe writes: $re"; bad=1; }
done
exit $bad
