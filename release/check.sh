#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every release binary (under qemu-user for the foreign ones): `version`
# must name its arch and the build id of its embedded object, `--help` must
# list the commands, a bad command must exit 1; SHA256SUMS must verify.
#
# usage: release/check.sh VERSION ARCH...
set -u
version=$1
shift
out=release/out
fail=0 npass=0 nfail=0
check() { # name command...
	n=$1
	shift
	if "$@"; then
		echo "PASS $n"
		npass=$((npass + 1))
	else
		echo "FAIL $n"
		fail=1
		nfail=$((nfail + 1))
	fi
}
runner() {
	case $1 in
	x86_64) echo "" ;;
	aarch64) echo qemu-aarch64-static ;;
	armhf) echo qemu-arm-static ;;
	mips) echo qemu-mips-static ;;
	mipsel) echo qemu-mipsel-static ;;
	esac
}
for arch in "$@"; do
	bin=$out/packetframe-$version-$arch
	q=$(runner "$arch")
	v=$($q "$bin" version 2>&1)
	check "release_${arch}_version_names_arch" sh -c "echo '$v' | grep -q '^packetframe $version ($arch)\$'"
	check "release_${arch}_version_build_id" sh -c "echo '$v' | grep -qE '^build id [0-9a-f]{16}\$'"
	check "release_${arch}_help_lists_commands" sh -c "$q $bin --help | grep -q '^  attach '"
	$q "$bin" frobnicate >/dev/null 2>&1
	check "release_${arch}_bad_command_exit_1" [ $? = 1 ]
	# The embedded objects open and parse on the target (qemu-user has no bpf():
	# feasibility then fails its syscall check, but lists the object's needs).
	$q "$bin" feasibility --json >"$out/.feas-$arch.json" 2>/dev/null
	check "release_${arch}_embedded_object_opens" sh -c "jq -e 'any(.checks[]; .name == \"map.lpm_trie\") and any(.checks[]; .name == \"helper.bpf_fib_lookup\") and all(.checks[]; .name != \"object.open\")' $out/.feas-$arch.json >/dev/null"
	rm -f "$out/.feas-$arch.json"
	check "release_${arch}_tarball" sh -c "tar -tzf $bin.tar.gz | grep -q 'packetframe-$version-$arch/packetframe.conf.example'"
done
check release_sha256sums sh -c "cd $out && sha256sum -c --quiet SHA256SUMS"
echo
echo "release-check: $npass passed, $nfail failed"
exit $fail
