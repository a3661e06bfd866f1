# SPDX-License-Identifier: GPL-2.0-or-later
# Allowlisted traffic an IPsec (xfrm) policy covers must never leave in clear
# text: attach, apply and allow refuse an allowlist that reaches a forward or
# output policy with templates (or a block policy), naming both; status turns
# degraded when such a policy appears later. Bypass policies (no template)
# change nothing.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start ipsec
x() { ip -n "$NS_R" xfrm "$@"; }

x policy add src 10.91.1.0/24 dst 10.91.2.0/24 dir fwd \
	tmpl src 10.91.1.1 dst 10.91.2.2 proto esp mode tunnel || { t_fail ipsec_policy_setup; exit 0; }
pf allow replace 10.91.2.0/24 >"$LAB/out" 2>&1
t_check ipsec_allow_refused [ $? = 1 ]
t_check ipsec_allow_names_policy grep -q 'IPsec (xfrm) forward policy .* covers traffic of the allowlisted 10.91.2.0/24' "$LAB/out"
t_check ipsec_allow_nothing_written [ ! -e "$LAB/state/allow.list" ]
echo "  allow-prefix 10.91.0.0/16" >>"$LAB/pf.conf"
pf attach >"$LAB/out" 2>&1
t_check ipsec_attach_refused [ $? = 1 ] --and grep -q 'allowlisted 10.91.0.0/16' "$LAB/out"
t_check ipsec_attach_nothing_attached sh -c "! ip -n $NS_R -d link show | grep -q prog/xdp"

x policy flush
x policy add src 10.91.1.0/24 dst 10.91.2.0/24 dir fwd # a bypass: no template
pf attach >/dev/null 2>&1
t_check ipsec_bypass_policy_accepted [ $? = 0 ]
t_check ipsec_bypass_forwards [ "$(xfer v4 10)" = "sent 10 received 10 matched 10" ]

x policy add src 10.91.2.0/24 dst 10.91.1.0/24 dir out action block
pf status --json >"$LAB/st" 2>/dev/null
t_check ipsec_status_degraded [ $? = 3 ] --and \
	[ "$(jq '.problems | any(test("IPsec"))' "$LAB/st")" = true ]
x policy flush
pf detach --all >/dev/null 2>&1
