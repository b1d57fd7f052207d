#!/usr/bin/env bash
# Signed timelines: with a key (--sign-key, $IRT_SIGN_KEY, [sign] key)
# every entry is signed by ssh-keygen, stored, exported and checked
# offline against an allowed-signers file the verifier supplies; each way
# a record can fail is refused and named: an entry re-signed by a key not
# allowed for its actor, an incident rewritten and re-hashed without the
# right key, an unsigned entry, a key outside its validity window; a
# policy that requires signatures refuses writes without a key.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"
K="$T/keys"
mkdir -p "$K"
for who in alice bob mallory; do
	ssh-keygen -q -t ed25519 -N '' -f "$K/$who" -C "$who" || fail "keygen $who"
done
printf 'alice %s\nbob %s\n' "$(cat "$K/alice.pub")" "$(cat "$K/bob.pub")" >"$T/allowed"

# A walk through every stage, alice and bob each signing their entries
# (bob's key from the config file).
export IRT_ACTOR=alice IRT_SIGN_KEY="$K/alice"
mkdir -p "$XDG_CONFIG_HOME/irt"
"$IRT" new "Signed walk" --severity low --owner alice >/dev/null
check "ack" "$IRT" ack 1
check "advance" "$IRT" advance 1
check "containment" "$IRT" set 1 containment "Feature flag off"
check "advance" "$IRT" advance 1
printf '[sign]\nkey = %s\n' "$K/bob" >"$XDG_CONFIG_HOME/irt/config"
check "root cause" env -u IRT_SIGN_KEY "$IRT" --actor bob set 1 root-cause "Unchecked input"
check "fix" env -u IRT_SIGN_KEY "$IRT" --actor bob set 1 fix-ref "v2.1.4"
rm "$XDG_CONFIG_HOME/irt/config"
check "advance" "$IRT" --sign-key "$K/alice" advance 1
check "advance" "$IRT" advance 1
check "action" "$IRT" action none 1 "Process gap only"
check "note" "$IRT" note 1 "Rolled back at 03:12"
check "close" "$IRT" close 1 --resolution resolved --reason "Fixed in v2.1.4"
check "policy change" "$IRT" policy set due-soon 2d --reason "Team rule"
n=$("$IRT" timeline 1 --json | jq '.events | length')
equals "$(db_sql "SELECT count(*) FROM signatures")" "$((n + 1))" "every entry signed"
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.signature | startswith("-----BEGIN SSH SIGNATURE-----"))] | length')" \
	"$n" "the timeline carries the signatures"

# The database and its export verify, and the verdict says who signed what.
expect_exit 0 "$IRT" verify --allowed-signers "$T/allowed"
contains "$T/out" "signatures: $((n + 1)) of $((n + 1)) entries signed as required"
bob_fp=$(ssh-keygen -lf "$K/bob.pub" | awk '{print $2}')
# Entries 1-3 are the report (title, severity, owner); bob's are 8 and 9.
contains "$T/out" "signed by bob ($bob_fp): 2 entries: #1 8-9"
contains "$T/out" "signed by alice"
"$IRT" export 1 --format json -o "$T/walk.json"
# Offline: no database at all.
expect_exit 0 env IRT_DB="$T/none.db" "$IRT" verify --file "$T/walk.json" --allowed-signers "$T/allowed"
contains "$T/out" "chain, rules and state verified"
contains "$T/out" "policy: 1 change carried in the file, chain verified"
contains "$T/out" "verdict: VERIFIED"
[ ! -e "$T/none.db" ] || fail "verify --file created a database"
# Without an allowed-signers file the signatures are not claimed checked.
expect_exit 0 "$IRT" verify --file "$T/walk.json"
contains "$T/out" "signatures: not checked (no --allowed-signers FILE)"

# Re-signed by a key not allowed for its actor: the first advance's
# signature replaced by mallory's signature of the same hash.
adv=$(jq '[.events[] | select(.kind == "advance")][0].seq' "$T/walk.json")
hash3=$(jq -r ".events[$((adv - 1))].hash" "$T/walk.json")
printf '%s' "$hash3" >"$T/h3"
ssh-keygen -q -Y sign -n irt -f "$K/mallory" "$T/h3" || fail "mallory signs"
jq --rawfile s "$T/h3.sig" ".events[$((adv - 1))].signature = \$s" "$T/walk.json" >"$T/resigned.json"
expect_exit 1 "$IRT" verify --file "$T/resigned.json" --allowed-signers "$T/allowed"
contains "$T/out" "NOT AS REQUIRED: #1 event $adv (advance by alice): signed by SHA256:"
contains "$T/out" "a key the allowed-signers file does not list"
contains "$T/out" "verdict: NOT VERIFIED"
# Bob's (allowed) key signing an entry of alice's.
rm -f "$T/h3.sig"
ssh-keygen -q -Y sign -n irt -f "$K/bob" "$T/h3" || fail "bob signs"
jq --rawfile s "$T/h3.sig" ".events[$((adv - 1))].signature = \$s" "$T/walk.json" >"$T/bob-as-alice.json"
expect_exit 1 "$IRT" verify --file "$T/bob-as-alice.json" --allowed-signers "$T/allowed"
contains "$T/out" "NOT AS REQUIRED: #1 event $adv (advance by alice)"

# Rewritten and re-hashed without the right key: the chain agrees with
# itself, the signatures no longer sign it.
cont=$(jq '[.events[] | select(.kind == "note")][0].seq' "$T/walk.json")
python3 "$FORGE" export "$T/walk.json" "$T/rewritten.json" \
	--set "$cont" 'text=Never rolled back' || fail "forge"
python3 "$FORGE" check "$T/rewritten.json" || fail "the forgery agrees with itself"
expect_exit 1 "$IRT" verify --file "$T/rewritten.json" --allowed-signers "$T/allowed"
contains "$T/out" "chain, rules and state verified"
contains "$T/out" "NOT AS REQUIRED: #1 event $cont (note by alice): the signature is not of this entry"
contains "$T/out" "verdict: NOT VERIFIED"

# An unsigned entry is named.
jq 'del(.events[4].signature)' "$T/walk.json" >"$T/stripped.json"
expect_exit 1 "$IRT" verify --file "$T/stripped.json" --allowed-signers "$T/allowed"
contains "$T/out" "UNSIGNED: 1 entry: #1 5"

# A key outside its window: bob's key valid only before 2020.
printf 'alice %s\nbob valid-before="20200101" %s\n' "$(cat "$K/alice.pub")" "$(cat "$K/bob.pub")" >"$T/allowed-old"
expect_exit 1 "$IRT" verify --file "$T/walk.json" --allowed-signers "$T/allowed-old"
contains "$T/out" "NOT AS REQUIRED: #1 event 8 (set by bob):"
contains "$T/out" "key has expired"
contains "$T/out" "NOT AS REQUIRED: #1 event 9 (set by bob):"
lacks "$T/out" "(set by alice)"

# A policy that requires signatures: a write without a key is refused,
# nothing recorded; verify without an allowed-signers file says why.
check "require" "$IRT" policy set sign.required yes --reason "Audit finding 12"
before=$(db_sql "SELECT count(*) FROM events")
expect_exit 2 env -u IRT_SIGN_KEY "$IRT" new "Unsigned report"
contains "$T/err" "the policy requires every entry to be signed (sign.required)"
contains "$T/err" "nothing was recorded"
equals "$(db_sql "SELECT count(*) FROM events")" "$before" "nothing written"
expect_exit 1 "$IRT" verify
contains "$T/err" "give --allowed-signers FILE"
# A key that cannot sign refuses the write too.
expect_exit 1 "$IRT" --sign-key "$K/no-such-key" note 1 "x"
contains "$T/err" "cannot read the signing key $K/no-such-key"
equals "$(db_sql "SELECT count(*) FROM events")" "$before" "nothing written"

# A key held by ssh-agent, named by its public half, as git does.
eval "$(ssh-agent -s)" >/dev/null
trap 'kill "$SSH_AGENT_PID" 2>/dev/null; lib_cleanup' EXIT
cp "$K/alice.pub" "$T/agent-alice.pub"
ssh-add -q "$K/alice" 2>/dev/null || fail "ssh-add"
check "agent note" "$IRT" --sign-key "$T/agent-alice.pub" new "Agent-signed" --severity low
expect_exit 0 "$IRT" verify --allowed-signers "$T/allowed"
contains "$T/out" "entries signed as required"
lacks "$T/out" "UNSIGNED"
# With an ID, that incident's entries alone.
expect_exit 0 "$IRT" verify 2 --allowed-signers "$T/allowed"
contains "$T/out" "signatures: 2 of 2 entries signed as required"
contains "$T/out" "2 entries: #2 1-2"
lacks "$T/out" "#1"
# Under sign.required, an import of unsigned entries is refused.
jq 'del(.events[].signature)' "$T/walk.json" >"$T/all-unsigned.json"
check "strict policy" "$IRT" --db "$T/strict.db" policy set sign.required yes --reason "strict"
expect_exit 2 "$IRT" --db "$T/strict.db" import "$T/all-unsigned.json"
contains "$T/err" "the policy requires signed entries (sign.required), and event 1 of the file is unsigned; nothing imported"
check "a signed file imports" "$IRT" --db "$T/strict.db" import "$T/walk.json"
kill "$SSH_AGENT_PID"
done_ok
