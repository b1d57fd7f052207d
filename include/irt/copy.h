/*
 * copy.h - `irt copy`: one database's whole record into another, on
 * either engine (an SQLite file or a PostgreSQL server), verified.
 *
 * The ledger (ledger.h) is one chain over everything a database
 * records, so a destination either holds nothing, or a prefix of the
 * source's ledger (an earlier copy: it is brought up to date), or a
 * record of its own (refused). Entries are copied as they are stored,
 * never recorded again: the same UUIDs, hashes, times, actors,
 * signatures and incident numbers, so an export of an incident from
 * either database is the same, byte for byte, and a checkpoint of the
 * source (checkpoint.h) holds for the copy.
 *
 * In one write on the destination, holding its write lock, while the
 * source is read in one snapshot:
 *   1. the destination is checked to be a prefix of the source: its
 *      ledger's last entry is the source's entry of that number, every
 *      incident's chain head is the source's event of that number in
 *      the same incident under the same number, its policy changes the
 *      source's first ones, and every signature it holds the source
 *      holds too; anything else is refused (IRT_ERR_DIVERGED) and
 *      nothing is written;
 *   2. the source's ledger entries after the destination's last, with
 *      what they record, are appended (db_copy_entries);
 *   3. the destination is verified as `irt verify` does (verify_run:
 *      chains, rule book, every projection, ledger, policy, schema),
 *      and compared with the source: the same ledger head, the same
 *      chain head for every incident, the same signatures. Any
 *      difference rolls the whole write back.
 * With nothing new, nothing is written (the check of step 3 still runs).
 */
#ifndef IRT_COPY_H
#define IRT_COPY_H

#include <stddef.h>

#include "irt/db.h"
#include "irt/status.h"
#include "irt/verify.h"

struct copy_outcome {
	long src_ledger;    /* ledger entries in the source */
	long dst_before;    /* in the destination before the copy */
	size_t n_incidents; /* incidents in the destination after */
	long n_events;      /* events checked in the destination */
	int nothing_new;    /* the destination held everything already */
	struct db_copy_counts copied;
};

/*
 * Copies src into dst as above. Returns IRT_OK with *out filled when
 * dst holds the source's whole record and verifies; IRT_ERR_DIVERGED
 * naming the first difference when dst holds a record that is not a
 * prefix of src's; IRT_ERR_TAMPERED when the copy does not verify (its
 * problems in report, which is always initialised; free it with
 * verify_report_free) or does not match the source; or a database
 * error. On any failure dst is left as it was.
 */
enum irt_status copy_run(struct db *src, struct db *dst,
                         struct copy_outcome *out, struct verify_report *report,
                         struct irt_err *err);

#endif
