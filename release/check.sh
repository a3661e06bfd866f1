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
# An event log with numbers to parse and print (cJSON: strtod, %.15g).
fpt=$(mktemp -d /tmp/pf-fp.XXXXXX)
trap 'rm -rf "$fpt"' EXIT
mkdir -m 0700 "$fpt/state"
printf 'global\n  state-dir %s/state\n  runtime-dir %s/run\n  bpffs-root %s/bpf\n' "$fpt" "$fpt" "$fpt" >"$fpt/pf.conf"
printf '{"ts":1796162400,"command":"apply","ratio":0.0123456789,"big":18446744073709551615,"neg":-2.5e-300}\n' \
	>"$fpt/state/events.log"
printf '[{\n\t\t"ts":\t1796162400,\n\t\t"command":\t"apply",\n\t\t"ratio":\t0.0123456789,\n\t\t"big":\t1.8446744073709552e+19,\n\t\t"neg":\t-2.5e-300\n\t}]\n' >"$fpt/want"
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
	# Floating point parsed and printed as on x86_64 (soft-float on MIPS).
	$q "$bin" --config "$fpt/pf.conf" events --json >"$fpt/$arch.out" 2>&1
	check "release_${arch}_floating_point" cmp -s "$fpt/$arch.out" "$fpt/want"
	check "release_${arch}_tarball" sh -c "tar -tzf $bin.tar.gz > $fpt/list && grep -q 'packetframe-$version-$arch/packetframe.conf.example' $fpt/list && grep -q '/systemd/packetframe.service\$' $fpt/list && grep -q '/hooks/packetframe-loop\$' $fpt/list"
done
check release_sha256sums sh -c "cd $out && sha256sum -c --quiet SHA256SUMS"
echo
echo "release-check: $npass passed, $nfail failed"
exit $fail
