#!/usr/bin/env bash
# The shortcuts of the next-step work, each checked in the database:
# the field picker's letter jumps (the first field starting with the
# letter, then the next on the same letter, each shown with its value);
# the owner form's recent owners (Ctrl-N / Ctrl-P step through them,
# wrapping; Enter stores the one shown); and the message a notification
# recorded by other means keeps, from the draft page (r: the edited
# draft, plus what was typed into its Message) and without a draft (M:
# the Message typed).
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

need_hooked
# Three incidents changed one after the other, in the last half hour
# (the recent owners come from this incident first, then from the most
# recently changed ones).
now=$(date -u +%s)
at() { IRT_NOW=$(date -ud "@$((now - $1 * 60))" +%FT%TZ) "$IRT_HOOKED" "${@:2}" >/dev/null; }
at 30 new "Old outage" --owner alice
at 25 new "Phishing wave" --owner carol
at 20 new "Token leak" --owner bob
at 19 set 3 component auth-api
at 18 set 3 channel hackerone

cat >"$T/ed.sh" <<'EOS'
#!/bin/sh
printf '\nRead out on the bridge call.\n' >>"$1"
EOS
chmod +x "$T/ed.sh"

# picked: the text of the picker's selected (reverse video) row, with
# its runs of blanks squeezed: "component auth-api".
picked() {
	tmux -L "$TUI_SOCK" capture-pane -e -p -t "$TUI_SESSION" |
		perl -CSD -Mutf8 -ne 'while (/│(?:\e\[[0-9;]*m)*?\e\[(?:0;)?7m((?:\e\[(?!0m|27m|0;)[0-9;]*m|[^\e])*)/g) { ($t = $1) =~ s/\e\[[0-9;]*m//g; $t =~ s/^\s+|\s+$//g; $t =~ s/\s+/ /g; push @s, $t } END { @s = sort { length $b <=> length $a } @s; print $s[0] // "" }'
}
# wait_picked TEXT: polls until the selected row is TEXT.
wait_picked() {
	wait_until "the picker selects '$1' (it selects '$(picked)')" test "$(picked)" = "$1"
}

tui_start 80 24 VISUAL="$T/ed.sh"
tui_wait_for "3 open incidents"
# Open #3, wherever the list's sort puts it.
screen
row=$(grep -n "Token leak" "$TUI_SCREEN" | head -n 1 | cut -d: -f1)
first=$(grep -n -E "Old outage|Phishing wave|Token leak" "$TUI_SCREEN" | head -n 1 | cut -d: -f1)
keys g
for ((i = first; i < row; i++)); do keys j; done
keys Enter
tui_wait_for "incident #3"

# ---- the field picker -------------------------------------------------
keys f
tui_wait_for "Edit a field of #3"
wait_picked "title Token leak"
# Moved off the top (to impact), c goes to the first field starting
# with c, not the next one after the selection.
keys j j j j
wait_picked "impact"
keys c
wait_picked "component auth-api"
keys c
wait_picked "containment"
keys c
wait_picked "contributing-factors"
keys c
wait_picked "channel hackerone"
keys c
wait_picked "cve"
keys c
wait_picked "component auth-api"
keys R
wait_picked "root-cause"
keys r
wait_picked "response"
keys r
wait_picked "reporter"
# A letter no field starts with leaves the selection where it is.
keys z
keys c
wait_picked "component auth-api"
# l still picks: the form opens on the field with its value.
keys l
tui_wait_for "component of #3"
screen_has "auth-api"
keys Escape
tui_wait_gone "component of #3"

# ---- recent owners ----------------------------------------------------
keys o
tui_wait_for "Owner of #3"
tui_wait_for "Recent (Ctrl-N/Ctrl-P): bob, carol, alice"
owner_is() {
	wait_until "the owner field holds '$1'" sh -c \
		'tmux -L "$0" capture-pane -p -t "$1" | grep -qE "Owner\*: +$2 *│"' \
		"$TUI_SOCK" "$TUI_SESSION" "$1"
}
owner_is bob
keys C-n
owner_is bob
keys C-n
owner_is carol
keys C-n
owner_is alice
keys C-n
owner_is bob
keys C-p
owner_is alice
keys C-p
owner_is carol
keys Enter
tui_wait_for "detect owner of #3 set"
equals "$("$IRT" show 3 --json | jq -r .incident.owner)" carol "the owner picked with Ctrl-N/Ctrl-P"
equals "$("$IRT" show 3 --json | jq -r '.incident.stages[0].owner')" carol "the detect owner"

# ---- r: a draft recorded as made by other means -----------------------
keys m
tui_wait_for "Notify for #3"
type_text "ops@example.com"
keys Tab i
tui_wait_for "◂ internal ▸"
keys Enter
tui_wait_for "draft to internal"
tui_wait_for "Your edited draft"
keys G
tui_wait_for "Read out on the bridge call."
keys r
tui_wait_for "Record a notification of internal for #3"
keys C-u
type_text "phone"
# The Message holds the edited draft; what is typed at its end is kept.
keys Tab Tab Tab Tab End
type_text " Questions to #ir-token."
keys Enter
tui_wait_for "Notification of internal recorded on #3 (not sent by irt)"
"$IRT" timeline 3 --json >"$T/tl.json"
jq -r '[.events[] | select(.kind == "notify" and .field == "internal")][0].text' "$T/tl.json" >"$T/r.txt"
contains "$T/r.txt" "Subject: "
contains "$T/r.txt" "Token leak"
contains "$T/r.txt" "Read out on the bridge call."
equals "$(jq -r '[.events[] | select(.kind == "notify" and .field == "internal")][0].text | endswith("Read out on the bridge call. Questions to #ir-token.")' "$T/tl.json")" \
	true "the edited draft with the typed end is the message"
equals "$("$IRT" show 3 --json | jq -r '[.incident.notifications[] | select(.audience == "internal")][0].channel')" \
	phone "the channel"

# ---- M: a notification recorded without a draft -----------------------
keys M
tui_wait_for "Notification sent for #3"
screen_has "Message"
keys Tab C-u
type_text "phone"
keys Tab
type_text "psirt@vendor.example"
keys Tab Tab
type_text "Called the vendor's PSIRT; ticket 4711 opened, fix promised by Friday"
keys Enter
tui_wait_for "Notification of platform recorded on #3"
"$IRT" timeline 3 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "notify" and .field == "platform")][0].text' "$T/tl.json")" \
	"Called the vendor's PSIRT; ticket 4711 opened, fix promised by Friday" "M stores the Message as the text"
equals "$("$IRT" show 3 --json | jq -r '[.incident.notifications[] | select(.audience == "platform")][0].recipients')" \
	psirt@vendor.example "M's recipients"
check "verifies" "$IRT" verify

keys q
tui_wait_for "3 open incidents"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
