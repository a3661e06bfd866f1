# SPDX-License-Identifier: GPL-2.0-or-later
# The shipped units (release/systemd) pass `systemd-analyze verify` in a
# staged root where their ExecStart paths exist, with nothing printed (an
# unknown key is only a warning there, so a silent run is the bar); the hook,
# loop and OpenWrt init scripts parse; every command line in them is one the
# binary accepts (its --help exits 0 for that command and options).
. tests/lib/t.sh
if ! command -v systemd-analyze >/dev/null 2>&1; then
	t_fail units_tools "systemd-analyze is missing (vendor/host-deps.sh installs it)"
	exit 0
fi
root=$(mktemp -d /tmp/pf-units.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/sbin" "$root/etc/systemd/system" "$root/lib/systemd" "$root/etc/packetframe"
cp -a /lib/systemd/system "$root/lib/systemd/"
cp "$PF" "$root/usr/sbin/packetframe"
cp release/systemd/* "$root/etc/systemd/system/"
: >"$root/etc/packetframe/packetframe.conf"

fails() { ! "$@"; }
# verify UNIT: silent success
verify() {
	out=$(systemd-analyze verify --root="$root" "/etc/systemd/system/$1" 2>&1) && [ -z "$out" ] ||
		{ echo "$out"; return 1; }
}
for u in release/systemd/*; do
	u=${u##*/}
	# A template is verified as an instance (verify skips a bare template in silence).
	case $u in *@.service) t_check "unit_verify_$u" verify "${u%@.service}@example.service" ;;
	*) t_check "unit_verify_$u" verify "$u" ;; esac
done
# The check can fail: an unknown key, a missing binary.
printf '[Service]\nType=oneshot\nExecStart=/usr/sbin/packetframe status\nBogus=1\n' \
	>"$root/etc/systemd/system/pf-bad.service"
t_check units_checker_sees_unknown_key fails verify pf-bad.service
printf '[Service]\nType=oneshot\nExecStart=/usr/sbin/packetframX status\n' \
	>"$root/etc/systemd/system/pf-bad.service"
t_check units_checker_sees_missing_binary fails verify pf-bad.service
rm "$root/etc/systemd/system/pf-bad.service"
printf '[Service]\nType=exec\nExecStart=/usr/sbin/packetframe sflow --collector %%I\nBogus=1\n' \
	>"$root/etc/systemd/system/pf-bad@.service"
t_check units_checker_sees_into_a_template fails verify pf-bad@example.service
rm "$root/etc/systemd/system/pf-bad@.service"

# The boot unit never detaches on stop; reload is apply; it is a oneshot that stays.
svc=release/systemd/packetframe.service
t_check unit_boot_shape grep -qx 'ExecStart=/usr/sbin/packetframe attach' "$svc" \
	--and grep -qx 'ExecReload=/usr/sbin/packetframe apply' "$svc" \
	--and grep -qx 'RemainAfterExit=yes' "$svc" --and grep -qx 'Type=oneshot' "$svc" \
	--and fails grep -q '^ExecStop=' "$svc"
# Every timer has its service.
for t in release/systemd/*.timer; do
	t_check "unit_timer_has_service_${t##*/}" [ -f "${t%.timer}.service" ]
done

for s in release/hooks/* release/openwrt/packetframe.init; do
	t_check "script_parses_${s##*/}" sh -n "$s"
done
# Each command line the units run parses: with --help appended the binary
# checks the command and its options, and exits 0.
cmds=$(sed -n 's|^Exec[A-Za-z]*=/usr/sbin/packetframe ||p' release/systemd/*.service | sort -u)
t_check units_commands_found [ "$(echo "$cmds" | wc -l)" -ge 6 ]
parses() { "$PF" "$@" --help >/dev/null; }
echo "$cmds" | while read -r line; do
	# shellcheck disable=SC2086 # word splitting is the point
	t_check "unit_command_parses_$(echo $line | tr ' /' __)" parses $line
done
