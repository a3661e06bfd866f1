# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages and completion (release/docs.sh) come from the binary's own
# tables: every command, option and directive is in them; `mandoc -T lint`
# has nothing to say about the pages; the bash completion completes commands,
# options and their choices; the zsh completion parses.
. tests/lib/t.sh
for tool in scdoc mandoc zsh jq; do
	command -v $tool >/dev/null 2>&1 ||
		{ t_fail docs_tools "$tool is missing (vendor/host-deps.sh installs it)"; exit 0; }
done
out=$(mktemp -d /tmp/pf-docs.XXXXXX)
trap 'rm -rf "$out"' EXIT
t_check docs_generate release/docs.sh "$PF" "$out"
"$PF" help --json >"$out/ref.json"
lint() { [ -z "$(mandoc -T lint -W warning "$@" 2>&1)" ]; }
t_check docs_man_lint_clean lint "$out/packetframe.8" "$out/packetframe.conf.5"
cp "$out/packetframe.8" "$out/bad.8" && printf '.Bogus\n.SH\n' >>"$out/bad.8"
t_check docs_lint_can_fail sh -c "! mandoc -T lint -W warning '$out/bad.8' >/dev/null 2>&1"
text() { mandoc -T utf8 "$1" | col -b; }
missing=
for c in $(jq -r '.commands[].name' "$out/ref.json"); do
	text "$out/packetframe.8" | grep -q "^   $c\$" || missing="$missing $c"
done
for o in $(jq -r '.commands[].options[].long' "$out/ref.json" | sort -u); do
	text "$out/packetframe.8" | grep -q -- "--$o" || missing="$missing --$o"
done
t_check docs_man_every_command_and_option [ -z "$missing" ]
missing=
for d in $(jq -r '.directives[].name' "$out/ref.json"); do
	text "$out/packetframe.conf.5" | grep -q "^       $d " || missing="$missing $d"
done
t_check docs_conf_every_directive [ -z "$missing" ] --and \
	[ "$(jq '[.directives[] | select(.help == "" or .args == "")] | length' "$out/ref.json")" = 0 ]
[ -z "$missing" ] || echo "missing:$missing"

# complete WORDS...: what the bash completion offers for the last word
complete_bash() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _packetframe; echo "${COMPREPLY[*]}"' \
		_ "$out/packetframe.bash" "$@"
}
t_check docs_bash_parses bash -n "$out/packetframe.bash"
t_check docs_bash_commands [ "$(complete_bash packetframe gu)" = guard ]
t_check docs_bash_options [ "$(complete_bash packetframe apply --if)" = --if-attached ]
t_check docs_bash_choices [ "$(complete_bash packetframe attach --mode n)" = native ]
t_check docs_bash_after_config [ "$(complete_bash packetframe --config x.conf ev)" = events ]
t_check docs_bash_allow_actions [ "$(complete_bash packetframe allow re)" = replace ]
t_check docs_bash_help_commands [ "$(complete_bash packetframe help gu)" = guard ]
t_check docs_bash_interfaces [ "$(complete_bash packetframe detach l)" = lo ] --and \
	[ "$(complete_bash packetframe probe --iface l)" = lo ]
t_check docs_bash_short_options [ "$(complete_bash packetframe allow -f)" = -f ]
t_check docs_zsh_parses zsh -n "$out/_packetframe"
