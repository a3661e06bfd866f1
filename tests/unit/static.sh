# SPDX-License-Identifier: GPL-2.0-or-later
# The shipped binary is fully static, stripped and small.
. tests/lib/t.sh
t_check static_file_says_static sh -c "file -L '$PF' | grep -q 'statically linked'"
t_check static_no_interp_or_dynamic sh -c "! readelf -lW '$PF' | grep -qE 'INTERP|DYNAMIC'"
t_check static_stripped sh -c "file -L '$PF' | grep -q ', stripped'"
size=$(stat -c %s "$PF")
echo "INFO binary size $size bytes"
t_check static_under_1_5_MiB [ "$size" -lt 1572864 ]
