#!/usr/bin/env bash
# Checkpoints against rollback: `irt checkpoint` signs the ledger head and
# every incident's head; `irt verify --checkpoint FILE...` proves the
# database still holds all each one covered. A restored older backup,
# the end of the record cut away (which verify alone cannot see), a
# chain cut or rewritten, a checkpoint by a key not allowed or altered,
# and a bad or missing RFC 3161 time-stamp all fail and are named;
# malformed checkpoint files are refused clearly.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"
export IRT_ACTOR=alice
unset IRT_SIGN_KEY
for who in alice mallory; do
	ssh-keygen -q -t ed25519 -N '' -f "$T/$who" -C "$who" || fail "ssh-keygen"
done
echo "alice $(cat "$T/alice.pub")" >"$T/allowed"
KEY=(--sign-key "$T/alice")
V=(verify --allowed-signers "$T/allowed" --checkpoint)

# take NAME [OPTIONS]: a checkpoint by alice to $T/NAME; quiet.
take() {
	local name=$1
	shift
	expect_exit 0 "$IRT" "${KEY[@]}" checkpoint -o "$T/$name" "$@"
	equals "$(cat "$T/out" "$T/err")" "" "checkpoint -o is quiet"
}

# 1. Refusals before anything is written.
expect_exit 1 "$IRT" "${KEY[@]}" checkpoint
contains "$T/err" "no irt database at"
! db_created || fail "a checkpoint created a database"
"$IRT" demo >/dev/null || fail "demo"
expect_exit 2 "$IRT" checkpoint
contains "$T/err" "a checkpoint must be signed"
contains "$T/err" "--sign-key KEY"
contains "$T/err" "\$IRT_SIGN_KEY"
contains "$T/err" "[sign] key"
expect_exit 1 "$IRT" --sign-key "$T/nokey" checkpoint
contains "$T/err" "cannot read the signing key $T/nokey"
if sqlite_part "checkpoint -o naming the database file itself is refused"; then
	expect_exit 2 "$IRT" "${KEY[@]}" checkpoint -o "$IRT_DB"
fi
expect_exit 2 "$IRT" "${KEY[@]}" checkpoint -o "$T/a" --append-to "$T/b"
[ -e "$T/a" ] || [ -e "$T/b" ] && fail "a refused checkpoint wrote a file"

# 2. A checkpoint names the ledger and every incident, and verifies.
expect_exit 0 "$IRT" "${KEY[@]}" checkpoint
cp "$T/out" "$T/c1"
equals "$(cat "$T/err")" "" "nothing on stderr"
contains "$T/c1" "-----BEGIN IRT CHECKPOINT-----"
contains "$T/c1" "irt-checkpoint/1"
contains "$T/c1" "by: alice"
contains "$T/c1" "-----BEGIN SSH SIGNATURE-----"
n_inc=$(db_sql "SELECT count(*) FROM incidents")
n_ledger=$(db_sql "SELECT max(seq) FROM ledger")
equals "$(grep -c '^incident ' "$T/c1")" "$n_inc" "one line per incident"
contains "$T/c1" "ledger: $n_ledger $(db_sql "SELECT hash FROM ledger WHERE seq = $n_ledger")"
expect_exit 0 "$IRT" "${V[@]}" "$T/c1"
contains "$T/out" "$T/c1:1: checkpoint "
contains "$T/out" "by alice (SHA256:"
contains "$T/out" "covered: $n_inc incidents, $n_ledger ledger entries"
# The allowed-signers file from the config does as well.
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[sign]\nallowed-signers = %s\n' "$T/allowed" >"$XDG_CONFIG_HOME/irt/config"
expect_exit 0 "$IRT" verify --checkpoint "$T/c1"
rm "$XDG_CONFIG_HOME/irt/config"
# Without one, or with one that is not there: refused.
expect_exit 2 "$IRT" verify --checkpoint "$T/c1"
contains "$T/err" "--checkpoint needs the allowed-signers file"
contains "$T/err" "--allowed-signers FILE"
expect_exit 1 "$IRT" verify --allowed-signers "$T/nowhere" --checkpoint "$T/c1"
contains "$T/err" "cannot read the allowed-signers file $T/nowhere"
expect_exit 2 "$IRT" "${V[@]}"
contains "$T/err" "--checkpoint needs one FILE or more"
expect_exit 2 "$IRT" verify --tsa-ca "$T/allowed"
contains "$T/err" "--tsa-ca goes with --checkpoint"
# "-" is standard input (git show HEAD:log | irt verify --checkpoint -).
expect_exit 0 "$IRT" "${V[@]}" - <"$T/c1"
contains "$T/out" "(standard input):1: checkpoint "
# A checkpoint file in CRLF lines (mailed) still verifies.
sed 's/$/\r/' "$T/c1" >"$T/c1.crlf"
expect_exit 0 "$IRT" "${V[@]}" "$T/c1.crlf"

# 3. A backup, more writes, a checkpoint after them.
db_copy old OLD
n1=$(db_sql "SELECT count(*) FROM events WHERE incident_id = 1")
check "note" "$IRT" note 1 "after the backup"
new_id=$("$IRT" new "Opened after the backup")
take c2
expect_exit 0 "$IRT" "${V[@]}" "$T/c1" "$T/c2"
equals "$(grep -c ': covered: ' "$T/out")" 2 "both checkpoints covered"

# The older copy, restored, verifies by itself, and passes the first
# checkpoint; the later one names what is missing.
db_copy live LIVE
db_restore "$OLD"
check "the restored copy verifies alone" "$IRT" verify
expect_exit 1 "$IRT" "${V[@]}" "$T/c1" "$T/c2"
contains "$T/out" "$T/c1:1: checkpoint"
grep -F "$T/c1:1:" "$T/out" | grep -qF ": covered: " || fail "c1 still covered"
grep -F "$T/c2:1:" "$T/out" | grep -qF "NOT covered" || fail "c2 not covered"
contains "$T/out" "#1 has $n1 events; the checkpoint covered $((n1 + 1)): its timeline was cut, or an older copy was restored"
contains "$T/out" "#$new_id ($(db_sql -d "$LIVE" "SELECT uuid FROM incidents WHERE id = $new_id")) is missing"
contains "$T/out" "the ledger has $n_ledger entries; the checkpoint covered $((n_ledger + 2))"
contains "$T/err" "irt: 1 of 2 checkpoints does not verify"
db_restore "$LIVE"

# 4. The end of the record cut away with everything it recorded: verify
# alone cannot see it; the checkpoint can.
db_copy cut CUT
db_tamper -d "$CUT" "DELETE FROM ledger WHERE incident_id = $new_id;
	DELETE FROM events WHERE incident_id = $new_id; DELETE FROM incidents WHERE id = $new_id"
check "cut at the end: verify alone passes" "$IRT" --db "$CUT" verify
expect_exit 1 "$IRT" --db "$CUT" "${V[@]}" "$T/c2"
contains "$T/out" "#$new_id ("
contains "$T/out" ") is missing: deleted, or an older copy without it was restored"
contains "$T/out" "the ledger has $((n_ledger + 1)) entries; the checkpoint covered $((n_ledger + 2))"
expect_exit 0 "$IRT" --db "$CUT" "${V[@]}" "$T/c1"

# 5. A chain cut short or rewritten with every hash recomputed: named.
db_copy drop DROP
last2=$(db_sql "SELECT max(seq) FROM events WHERE incident_id = 2")
check "forge: drop" python3 "$FORGE" db "$DROP" 2 --drop 2
expect_exit 1 "$IRT" --db "$DROP" "${V[@]}" "$T/c2"
contains "$T/out" "#2 has $((last2 - 1)) events; the checkpoint covered $last2"
db_copy edit EDIT
check "forge: rewrite" python3 "$FORGE" db "$EDIT" 3 --set 2 actor=mallory
expect_exit 1 "$IRT" --db "$EDIT" "${V[@]}" "$T/c2"
contains "$T/out" "#3 event $(db_sql "SELECT max(seq) FROM events WHERE incident_id = 3") differs from the checkpoint's: its timeline was rewritten"
# Renumbered: still there under another number.
db_copy renum RENUM
db_tamper -d "$RENUM" "UPDATE incidents SET id = 99 WHERE id = 5;
	UPDATE events SET incident_id = 99 WHERE incident_id = 5"
expect_exit 1 "$IRT" --db "$RENUM" "${V[@]}" "$T/c2"
contains "$T/out" "#5 is numbered #99 here: renumbered"

# A database that does not verify gets no checkpoint.
expect_exit 1 "$IRT" --db "$EDIT" "${KEY[@]}" checkpoint -o "$T/never"
contains "$T/err" "the database does not verify, so no checkpoint was written"
[ -e "$T/never" ] && fail "a checkpoint of a database that does not verify"

# An export checked against checkpoints: the incident's part of each.
check "export #1" "$IRT" export 1 --format json -o "$T/e1.json"
expect_exit 0 "$IRT" verify --file "$T/e1.json" --allowed-signers "$T/allowed" --checkpoint "$T/c1" "$T/c2"
contains "$T/out" "verdict: VERIFIED"
contains "$T/out" "$T/c2:1: checkpoint "
contains "$T/out" "covered: #1, its first $((n1 + 1)) events (an export holds no ledger)"
check "export #1 from the older copy" "$IRT" --db "$OLD" export 1 --format json -o "$T/e1-old.json"
expect_exit 1 "$IRT" verify --file "$T/e1-old.json" --allowed-signers "$T/allowed" --checkpoint "$T/c2"
contains "$T/out" "verdict: VERIFIED"
contains "$T/out" "#1 has $n1 events in the export; the checkpoint covered $((n1 + 1))"
check "export #$new_id" "$IRT" export "$new_id" --format json -o "$T/e-new.json"
expect_exit 1 "$IRT" verify --file "$T/e-new.json" --allowed-signers "$T/allowed" --checkpoint "$T/c1"
contains "$T/out" "does not name #$new_id, so says nothing about it"
contains "$T/err" "no trusted checkpoint names #$new_id"
expect_exit 0 "$IRT" verify --file "$T/e-new.json" --allowed-signers "$T/allowed" --checkpoint "$T/c1" "$T/c2"

# 6. A log of checkpoints: each append quiet, one block each, every one
# verifies against the untouched database.
for i in 1 2 3; do
	check "note $i" "$IRT" note 2 "log entry $i"
	expect_exit 0 "$IRT" "${KEY[@]}" checkpoint --append-to "$T/log"
	equals "$(cat "$T/out" "$T/err")" "" "--append-to is quiet"
done
equals "$(grep -c -- '-----BEGIN IRT CHECKPOINT-----' "$T/log")" 3 "three checkpoints in the log"
expect_exit 0 "$IRT" "${V[@]}" "$T/log"
equals "$(grep -c ': covered: ' "$T/out")" 3 "each checkpoint in the log covered"
contains "$T/out" "$T/log:1: checkpoint"
# The older copy fails all three, each named by its line.
expect_exit 1 "$IRT" --db "$OLD" "${V[@]}" "$T/log"
equals "$(grep -c 'NOT covered' "$T/out")" 3 "every later checkpoint fails the old copy"
contains "$T/err" "irt: 3 of 3 checkpoints do not verify"
# Appending to a log whose last line has no newline starts a new line.
printf '%s' "$(cat "$T/c1")" >"$T/log2"
expect_exit 0 "$IRT" "${KEY[@]}" checkpoint --append-to "$T/log2"
expect_exit 0 "$IRT" "${V[@]}" "$T/log2"
equals "$(grep -c ': covered: ' "$T/out")" 2 "appended after a last line without newline"

# 7. Signed by a key not allowed, or by someone else, or altered.
expect_exit 0 "$IRT" --sign-key "$T/mallory" checkpoint -o "$T/cm"
expect_exit 1 "$IRT" "${V[@]}" "$T/cm"
contains "$T/out" "not trusted, the signature does not verify"
contains "$T/out" "a key the allowed-signers file does not list"
contains "$T/err" "1 of 1 checkpoint does not verify"
IRT_ACTOR=mallory expect_exit 0 "$IRT" --sign-key "$T/mallory" checkpoint -o "$T/cm2"
expect_exit 1 "$IRT" "${V[@]}" "$T/cm2"
contains "$T/out" "by mallory"
contains "$T/out" "not trusted"
# alice's key, but as someone the file does not allow it for.
IRT_ACTOR=bob expect_exit 0 "$IRT" "${KEY[@]}" checkpoint -o "$T/cb"
expect_exit 1 "$IRT" "${V[@]}" "$T/cb"
contains "$T/out" "by bob"
contains "$T/out" "not trusted"
# The statement altered to cover less (as a rollback would need), or
# the signature changed: not trusted, nothing claimed.
sed "s/^ledger: [0-9]*/ledger: 1/" "$T/c2" >"$T/c2.less"
expect_exit 1 "$IRT" --db "$OLD" "${V[@]}" "$T/c2.less"
contains "$T/out" "not trusted, the signature does not verify"
lacks "$T/out" "covered"
sed "s/^by: alice/by: alicf/" "$T/c2" >"$T/c2.by"
expect_exit 1 "$IRT" "${V[@]}" "$T/c2.by"
contains "$T/out" "not trusted"
# (a character of the last base64 line, in the signature bytes, changed)
python3 - "$T/c2" "$T/c2.sig" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
i = lines.index("-----END SSH SIGNATURE-----") - 1
lines[i] = lines[i][:5] + ("B" if lines[i][5] != "B" else "C") + lines[i][6:]
open(sys.argv[2], "w").write("\n".join(lines))
EOF
expect_exit 1 "$IRT" "${V[@]}" "$T/c2.sig"
contains "$T/out" "not trusted"
# The signature is judged at the checkpoint's own time: a key allowed
# only from 2030 on did not sign for alice in 2026; a pinned clock's time
# is the one stated.
echo "alice valid-after=\"20300101\" $(cat "$T/alice.pub")" >"$T/allowed-2030"
expect_exit 1 "$IRT" verify --allowed-signers "$T/allowed-2030" --checkpoint "$T/c1"
contains "$T/out" "not trusted"
need_hooked
IRT_NOW=2031-02-03T04:05:06Z expect_exit 0 "$IRT_HOOKED" "${KEY[@]}" checkpoint -o "$T/c2031"
contains "$T/c2031" "at: 2031-02-03T04:05:06.000Z"
expect_exit 0 "$IRT" verify --allowed-signers "$T/allowed-2030" --checkpoint "$T/c2031"
contains "$T/out" "checkpoint 2031-02-03 04:05 by alice"
# One bad checkpoint among good ones fails the run, the others still pass.
cat "$T/c1" "$T/cm" "$T/c2" >"$T/mixed"
expect_exit 1 "$IRT" "${V[@]}" "$T/mixed"
equals "$(grep -c ': covered: ' "$T/out")" 2 "the good ones pass"
contains "$T/err" "1 of 3 checkpoints does not verify"

# Entries' own signatures: checked with --checkpoint when the policy
# requires them (a team that does not sign every entry still keeps
# checkpoints; the demo's entries above are unsigned).
(
	db_new signed IRT_DB
	check "signed incident" "$IRT" "${KEY[@]}" new "Signed throughout" >/dev/null
	check "require signatures" "$IRT" "${KEY[@]}" policy set sign.required yes --reason "all signed"
	take cs-signed
	expect_exit 0 "$IRT" "${V[@]}" "$T/cs-signed"
	contains "$T/out" "signed by alice"
	contains "$T/out" ": covered: 1 incident, "
	# An entry signed by a key not allowed: the checkpoint is covered,
	# the record is not as required.
	check "note by mallory's key" "$IRT" --sign-key "$T/mallory" note 1 "not alice's key"
	expect_exit 1 "$IRT" "${V[@]}" "$T/cs-signed"
	contains "$T/out" ": covered: 1 incident, "
	contains "$T/out" "NOT AS REQUIRED"
	# So in an export whose policy requires them.
	check "export the signed incident" "$IRT" export 1 --format json -o "$T/e-signed.json"
	expect_exit 1 "$IRT" verify --file "$T/e-signed.json" --allowed-signers "$T/allowed" --checkpoint "$T/cs-signed"
	contains "$T/out" "NOT AS REQUIRED"
	contains "$T/out" "verdict: NOT VERIFIED"
	contains "$T/out" "covered: #1, its first"
) || exit 1

# 8. Malformed checkpoint files: refused with the file and line, exit 2.
bad_file() {
	local what=$1 want=$2
	expect_exit 2 "$IRT" "${V[@]}" "$T/bad"
	contains "$T/err" "irt: $T/bad"
	contains "$T/err" "$want"
	equals "$(cat "$T/out")" "" "$what: nothing verified"
}
: >"$T/bad"
bad_file empty "holds no checkpoint"
echo "hello" >"$T/bad"
bad_file garbage ":1: not part of a checkpoint"
head -n 5 "$T/c1" >"$T/bad"
bad_file truncated ":1: the file ends inside the checkpoint begun there: it was cut short"
head -n -1 "$T/c1" >"$T/bad"
bad_file "no end" "cut short"
{ echo "-----BEGIN IRT CHECKPOINT-----"; head -c 100000 /dev/zero | tr '\0' 'A'; echo; } >"$T/bad"
bad_file "huge line" ":2: the line is too long for a checkpoint"
{ echo "-----BEGIN IRT CHECKPOINT-----"; printf 'irt-checkpoint/1\0\n'; } >"$T/bad"
bad_file "NUL byte" ":2: the line holds a NUL byte"
sed 's/^irt-checkpoint\/1$/irt-checkpoint\/9/' "$T/c1" >"$T/bad"
bad_file "newer format" ":2: a checkpoint format this irt does not read"
sed '0,/^incident /s/^incident \([^ ]*\) #\([0-9]*\) \([0-9]*\)/incident \1 #\2 -\3/' "$T/c1" >"$T/bad"
bad_file "bad count" "expected \"incident UUID #NUMBER EVENTS HASH\""
sed 's/^at: .*/at: yesterday/' "$T/c1" >"$T/bad"
bad_file "bad time" ":4: expected \"at: TIME\""
sed '/^-----END SSH SIGNATURE-----$/i not*base64' "$T/c1" >"$T/bad"
bad_file "bad signature text" "the SSH signature is not base64"
{ cat "$T/c1"; echo "trailing words"; } >"$T/bad"
bad_file "text after" "not part of a checkpoint"
head -c 20000 /dev/urandom >"$T/bad"
expect_exit 2 "$IRT" "${V[@]}" "$T/bad"
contains "$T/err" "irt: $T/bad:"
expect_exit 1 "$IRT" "${V[@]}" "$T/no-such-file"
contains "$T/err" "cannot read $T/no-such-file"

# 9. RFC 3161 time-stamps from a local authority made here.
A="$T/tsa"
mkdir -p "$A"
(
	cd "$A" || exit 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout ca.key -out ca.pem -days 30 -subj "/CN=Test TSA Root" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout tsa.key -out tsa.csr -subj "/CN=Test TSA" &&
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n' >tsa.ext &&
	openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
		-out tsa.pem -days 30 -extfile tsa.ext &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout other.key -out other.pem -days 30 -subj "/CN=Another Root" &&
	echo 01 >serial &&
	cat >tsa.cnf <<-EOF
		[tsa]
		default_tsa = tsa_config
		[tsa_config]
		serial = $A/serial
		signer_digest = sha256
		default_policy = 1.2.3.4.1
		digests = sha256, sha384, sha512
		accuracy = secs:1
		ess_cert_id_alg = sha256
	EOF
) >/dev/null 2>&1 || fail "making the test authority"
cat >"$A/stamp.sh" <<EOF
#!/bin/sh
exec openssl ts -reply -config "$A/tsa.cnf" -queryfile /dev/stdin \
	-signer "$A/tsa.pem" -inkey "$A/tsa.key" 2>/dev/null
EOF
chmod +x "$A/stamp.sh"
take cs --timestamp-command "$A/stamp.sh"
contains "$T/cs" "-----BEGIN RFC3161 TIME-STAMP REPLY-----"
expect_exit 0 "$IRT" "${V[@]}" "$T/cs" --tsa-ca "$A/ca.pem"
contains "$T/out" "time-stamped 20"
contains "$T/out" ": covered: "
# Without a CA it is not checked, and said so.
expect_exit 0 "$IRT" "${V[@]}" "$T/cs"
contains "$T/out" "time-stamp not checked"
# Asked for, a checkpoint without one fails.
expect_exit 1 "$IRT" "${V[@]}" "$T/c2" --tsa-ca "$A/ca.pem"
contains "$T/out" "not time-stamped, and a time-stamp was asked for"
# An authority the CA file does not vouch for.
expect_exit 1 "$IRT" "${V[@]}" "$T/cs" --tsa-ca "$A/other.pem"
contains "$T/out" "the time-stamp does not verify"
contains "$T/out" "is not one $A/other.pem vouches for"
# Another checkpoint's time-stamp spliced in: of another digest.
check "note" "$IRT" note 1 "between stamps"
take cs2 --timestamp-command "$A/stamp.sh"
{
	sed -n '1,/^-----END SSH SIGNATURE-----$/p' "$T/cs"
	sed -n '/^-----BEGIN RFC3161/,$p' "$T/cs2"
} >"$T/cs.spliced"
expect_exit 1 "$IRT" "${V[@]}" "$T/cs.spliced" --tsa-ca "$A/ca.pem"
contains "$T/out" "the time-stamp is of another digest, not this statement's"
# A time-stamp whose bytes were changed.
# (the authority's signed time moved by a second)
python3 - "$T/cs" "$T/cs.flipped" <<'EOF'
import base64, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"(-----BEGIN RFC3161 TIME-STAMP REPLY-----\n)(.*?)(-----END)", text, re.S)
der = bytearray(base64.b64decode(m.group(2)))
at = der.index(b"\x18\x0f20") + 2 + 13      # GeneralizedTime: the seconds' last digit
der[at] = ord("1") if der[at] != ord("1") else ord("2")
b64 = base64.b64encode(bytes(der)).decode()
body = "".join(b64[i:i + 64] + "\n" for i in range(0, len(b64), 64))
open(sys.argv[2], "w").write(text[:m.start(2)] + body + text[m.end(2):])
EOF
expect_exit 1 "$IRT" "${V[@]}" "$T/cs.flipped" --tsa-ca "$A/ca.pem"
contains "$T/out" "the time-stamp"
lacks "$T/out" ": covered: "
# The command from the config; "" turns it off.
printf '[sign]\ntimestamp-command = %s\n' "$A/stamp.sh" >"$XDG_CONFIG_HOME/irt/config"
take cs3
contains "$T/cs3" "BEGIN RFC3161"
take cs4 --timestamp-command ""
lacks "$T/cs4" "BEGIN RFC3161"
rm "$XDG_CONFIG_HOME/irt/config"
# A failing command, or one that writes no reply: nothing written.
expect_exit 1 "$IRT" "${KEY[@]}" checkpoint -o "$T/cf" --timestamp-command "echo refused >&2; exit 3"
contains "$T/err" "the time-stamp command (echo refused >&2; exit 3) failed (exit status 3): refused"
expect_exit 1 "$IRT" "${KEY[@]}" checkpoint -o "$T/cf" --timestamp-command "cat >/dev/null; echo junk"
contains "$T/err" "did not write an RFC 3161 reply"
expect_exit 1 "$IRT" "${KEY[@]}" checkpoint -o "$T/cf" --timestamp-command "cat >/dev/null"
contains "$T/err" "wrote no reply"
[ -e "$T/cf" ] && fail "a checkpoint written though its time-stamp failed"

done_ok
