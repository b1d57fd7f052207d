#!/usr/bin/env bash
# Shell completion from the command table (irt completion bash|zsh|fish),
# driven without a terminal: bash by setting COMP_WORDS/COMP_CWORD and
# calling the function, zsh by calling it with words/CURRENT set and
# compadd recorded, fish by `complete -C`. Candidates are asserted for
# the command position, incident numbers with their titles from a test
# database (control characters and tabs in a title never reach the
# shell; an absent database completes nothing and is not created),
# stages, severities, export formats, field names, audiences,
# subcommands and options. zsh and fish are in tools/debian-packages.txt:
# without them the test fails.
. "$IRT_SRC/tests/lib.sh"

for sh in bash zsh fish; do
	command -v "$sh" >/dev/null || fail "$sh is not installed (tools/install-deps)"
done

# The scripts complete the command "irt": one on PATH.
mkdir -p "$T/bin"
ln -s "$IRT" "$T/bin/irt"
export PATH="$T/bin:$PATH"

for sh in bash zsh fish; do
	check "completion $sh" "$IRT" completion "$sh" >"$T/irt.$sh"
done
expect_exit 2 "$IRT" completion
contains "$T/err" "irt: missing the shell"
expect_exit 2 "$IRT" completion tcsh
contains "$T/err" 'no completion for "tcsh" (bash, zsh or fish)'

# What the build installs is what the command writes.
for f in bash/irt zsh/_irt fish/irt.fish; do
	[ -f "$IRT_BUILD/completions/$f" ] || fail "the build wrote no completions/$f"
	cmp -s "$IRT_BUILD/completions/$f" "$T/irt.${f%%/*}" ||
		fail "completions/$f differs from irt completion ${f%%/*}"
done

check "new 1" "$IRT" new "Token leak in webhook logs" --severity high >/dev/null
check "new 2" "$IRT" new "$(printf 'Tab\there\033[31m red\nline')"  >/dev/null
other="$T/other.db"
check "other db" "$IRT" --db "$other" new "Only in the other database" >/dev/null

# bashc WORD...: the candidates bash offers for the last WORD, one a line.
bashc() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_irt
		printf "%s\n" "${COMPREPLY[@]}"' bashc "$T/irt.bash" "$@"
}

# zshc WORD...: what zsh's _irt gives compadd for the last WORD,
# "WORD<TAB>DESCRIPTION" where it gives one (-d); _files prints FILES.
zshc() {
	zsh -f -c '
		compadd() {
			local d=
			while (( $# )); do
				case $1 in
				-l) shift ;;
				-d) d=$2; shift 2 ;;
				--) shift; break ;;
				*) break ;;
				esac
			done
			local i=1 w
			for w in "$@"; do
				if [[ -n $d ]]; then
					print -r -- "$w	${${(P)d}[i]}"
				else
					print -r -- "$w"
				fi
				(( i++ ))
			done
		}
		_files() { print -r -- FILES; }
		compset() { return 0; }
		. "$1"; shift
		words=("$@"); CURRENT=$#
		_irt' zshc "$T/irt.zsh" "$@"
}

# fishc LINE: fish's completions of LINE ("VALUE<TAB>DESCRIPTION").
fishc() {
	fish --no-config -c "source '$T/irt.fish'; complete -C '$1'"
}

# same_set OUTPUT WORD...: OUTPUT's lines (first field) are the WORDs,
# in any order.
same_set() {
	local got want
	got=$(cut -f1 <<<"$1" | sort | paste -sd' ')
	want=$(printf '%s\n' "${@:2}" | sort | paste -sd' ')
	equals "$got" "$want" "candidates"
}

# has OUTPUT LINE...: OUTPUT holds each LINE as a whole line.
has() {
	local line
	for line in "${@:2}"; do
		N_CHECKS=$((N_CHECKS + 1))
		grep -qxF -- "$line" <<<"$1" || fail "no candidate '$line' in: $1"
	done
}

stages=(detect contain fix notify review closed)
severities=(none low medium high critical)
audiences=(platform customers internal reporter)

for sh in bash zsh fish; do
	case $sh in
	bash) c() { bashc irt "$@"; } ;;
	zsh) c() { zshc irt "$@"; } ;;
	fish) c() {
		local line="irt" w
		for w in "$@"; do line+=" $w"; done
		fishc "$line"
	} ;;
	esac

	# The command position.
	out=$(c "")
	has "$out" new list show set advance export notify completion help
	out=$(c "co")
	case $sh in zsh) ;; *) same_set "$out" copy completion ;; esac

	# Incident numbers with their titles, from $IRT_DB; the title's tab
	# and control characters are visible forms, never raw.
	out=$(c show "")
	case $sh in
	bash) has "$out" "1 -- Token leak in webhook logs" "2 -- Tab here^[[31m red^Jline" ;;
	zsh) has "$out" $'1\t1 -- Token leak in webhook logs' $'2\t2 -- Tab here^[[31m red^Jline' ;;
	fish) has "$out" $'1\tToken leak in webhook logs' $'2\tTab here^[[31m red^Jline' ;;
	esac
	N_CHECKS=$((N_CHECKS + 1))
	! LC_ALL=C grep -q $'\033' <<<"$out" || fail "$sh: a raw escape in the candidates"
	[ "$(wc -l <<<"$out")" -eq 2 ] || fail "$sh: a title split a candidate: $out"
	[ "$sh" = bash ] && equals "$(bashc irt show 2)" 2 "bash: one match is the number alone"

	# --db given earlier on the line; an absent database: nothing, and
	# none made.
	out=$(c --db "$other" show "")
	has "$out" "$(case $sh in
		bash) echo "1" ;;
		zsh) printf '1\t1 -- Only in the other database' ;;
		fish) printf '1\tOnly in the other database' ;;
	esac)"
	out=$(c --db "$T/absent.db" show "")
	equals "$out" "" "$sh: an absent database completes nothing"
	[ -e "$T/absent.db" ] && fail "$sh: completing created $T/absent.db"
	out=$(IRT_DB=$T/absent2.db c timeline "")
	equals "$out" "" "$sh: an absent \$IRT_DB completes nothing"
	[ -e "$T/absent2.db" ] && fail "$sh: completing created $T/absent2.db"

	# Stages, severities, formats, fields, audiences.
	same_set "$(c list --stage "")" "${stages[@]}"
	same_set "$(c assign 1 dana --stage "")" detect contain fix notify review
	same_set "$(c severity 1 "")" "${severities[@]}"
	same_set "$(c new T --severity "")" "${severities[@]}"
	out=$(c export 1 --format "")
	has "$out" md html pdf json csv
	out=$(c export 1 -f "")
	has "$out" md html pdf json csv
	out=$(c set 1 "")
	has "$out" title description containment root-cause fix-ref summary embargo started
	lacks <(cut -f1 <<<"$out") severity
	lacks <(cut -f1 <<<"$out") cvss
	same_set "$(c notify 1 --audience "")" "${audiences[@]}"
	same_set "$(c close 1 --resolution "")" resolved rejected duplicate not-applicable
	same_set "$(c new T --source "")" email bounty internal monitoring other

	# Options: every option of the command, and the global ones.
	out=$(c new --)
	has "$out" --channel --cve --severity --repro-file --db --actor --help
	lacks <(cut -f1 <<<"$out") --json
	out=$(c list --)
	has "$out" --all --sort --json
	out=$(c --)
	has "$out" --version --db

	# Subcommands and their own options.
	same_set "$(c action "")" add done list none
	out=$(c action add 1 fix --)
	has "$out" --owner --due --type --ticket --at
	lacks <(cut -f1 <<<"$out") --json
	same_set "$(c action add 1 fix --type "")" corrective preventive detective
	has "$(c action list "")" "$(case $sh in
		bash) echo "1 -- Token leak in webhook logs" ;;
		zsh) printf '1\t1 -- Token leak in webhook logs' ;;
		fish) printf '1\tToken leak in webhook logs' ;;
	esac)"
	same_set "$(c policy "")" show set log
	has "$(c policy set "")" ack-business-days hooks.dir hooks.timeout
	has "$(c hooks test "")" created stage-changed overdue
	same_set "$(c completion "")" bash zsh fish
	has "$(c help "")" show completion

	# Files where a file goes; nothing for free text.
	case $sh in
	bash) has "$(cd "$T" && bashc irt import "irt.b")" irt.bash ;;
	zsh) has "$(c import "")" FILES ;;
	fish) has "$(cd "$T" && fishc "irt import irt.b")" irt.bash ;;
	esac
	equals "$(c note 1 "")" "" "$sh: free text completes nothing"
	echo "$sh: ok"
done

# The value after "=": bash splits --format=md at "=", fish keeps it.
same_set "$(bashc irt report --format = "")" text json csv md
has "$(fishc "irt report --format=")" --format=text --format=json --format=csv --format=md

# zsh loads the installed file by its #compdef line.
mkdir -p "$T/zfunc"
cp "$T/irt.zsh" "$T/zfunc/_irt"
equals "$(zsh -f -c "fpath=('$T/zfunc' \$fpath); autoload -Uz compinit; compinit -u -d '$T/zcompdump'; print -r -- \$_comps[irt]")" \
	_irt "zsh: compinit maps irt to _irt"

done_ok
