# SPDX-License-Identifier: GPL-2.0-or-later
# What the release scripts share. Source it.
#
#   SOURCE_DATE_EPOCH   exported: the commit's time (unless already set), for every
#                       timestamp an artefact carries, so one commit builds the same bytes
#   debarch ARCH        Debian's name for a build architecture
#   kib DIR [EXCLUDE]   installed size in KiB as dpkg counts it (per file, rounded up),
#                       the same whatever file system the build ran on

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH

debarch() {
	case $1 in
	x86_64) echo amd64 ;;
	aarch64) echo arm64 ;;
	*) echo "$1" ;; # armhf, mips, mipsel: the same names
	esac
}

kib() {
	find "$1" ${2:+-path "$1/$2" -prune -o} -type f -printf '%s\n' |
		awk '{ k += int(($1 + 1023) / 1024) } END { print k + 0 }'
}
