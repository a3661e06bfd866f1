# SPDX-License-Identifier: GPL-2.0-or-later
# Pinned Debian binary packages through the machine's own apt archive (never
# a host name written down: the archive URI is read from the machine's apt
# configuration at run time). Source it, then:
#
#   debs_init CACHE-DIR LOCK...   a private apt configuration for the suites the
#                                 locks name (columns: deb-arch suite package
#                                 version sha256 ...; '#' comments)
#   debs_fetch ARCH PACKAGE VERSION SHA256
#                                 prints the path of the .deb, downloaded once
#                                 into CACHE-DIR and checked against the sha256
#
# Used by release/vmtest.sh (kernels.lock) and tests/bench/peers.sh (peers.lock).

debs_init() {
	DEBS_DIR=$1
	shift
	mkdir -p "$DEBS_DIR/apt/lists/partial" "$DEBS_DIR/apt/cache" "$DEBS_DIR/apt/sources.list.d"
	_uri=$("$top/vendor/apt-src.sh" "$DEBS_DIR/apt-probe" trixie |
		sed -n 's/.*Dir::Etc::SourceParts=\([^ ]*\).*/\1/p')
	_uri=$(sed -n 's/^deb-src \[[^]]*\] \([^ ]*\) .*/\1/p' "$_uri/vendor.list")
	cat "$@" | awk '!/^#/ && NF { print $2 }' | sort -u | while read -r suite; do
		echo "deb [arch=amd64,arm64,mipsel signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $_uri $suite main"
	done >"$DEBS_DIR/apt/sources.list.d/pinned.list"
	rm -f "$DEBS_DIR/apt/sources.list.d/kernels.list" # the name an older vmtest.sh used
	DEBS_APT="-oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts=$DEBS_DIR/apt/sources.list.d
 -oDir::State::Lists=$DEBS_DIR/apt/lists -oDir::Cache=$DEBS_DIR/apt/cache -oAPT::Architectures::=amd64
 -oAPT::Architectures::=arm64 -oAPT::Architectures::=mipsel -oAPT::Sandbox::User=root"
	DEBS_UPDATED=0
}

debs_fetch() {
	_deb=$(ls "$DEBS_DIR/${2}_"*"_$1.deb" 2>/dev/null | head -n 1)
	if [ -z "$_deb" ] || ! echo "$4  $_deb" | sha256sum -c --status; then
		if [ "$DEBS_UPDATED" = 0 ]; then
			# shellcheck disable=SC2086
			apt-get -q $DEBS_APT update >"$DEBS_DIR/apt/update.log" 2>&1 ||
				{ cat "$DEBS_DIR/apt/update.log" >&2; return 1; }
			DEBS_UPDATED=1
		fi
		# shellcheck disable=SC2086
		(cd "$DEBS_DIR" && apt-get -q $DEBS_APT download "$2:$1=$3" >/dev/null) || return 1
		_deb=$(ls "$DEBS_DIR/${2}_"*"_$1.deb" | head -n 1)
		echo "$4  $_deb" | sha256sum -c --status || {
			echo "debs: $_deb does not match its pinned sha256" >&2
			return 1
		}
	fi
	echo "$_deb"
}
