/*
 * cvss.h - CVSS v3.0, v3.1 and v4.0 vectors: parsing, normalising and
 * scoring exactly as FIRST's specifications and reference calculators do
 * (DESIGN §3).
 *
 * A vector is "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/" followed by
 * METRIC:VALUE pairs separated by '/'. Every base metric is mandatory;
 * the others are optional. None may appear twice. v3.x metrics may come
 * in any order (the v3.x specifications require readers to accept any);
 * v4.0 metrics must come in the specification's order (its section 7:
 * "every other ordering is invalid"). Metric names and values are
 * case-sensitive, as in the specifications. Blanks around the whole
 * vector are ignored.
 *
 * A value of X ("Not Defined") scores as if the metric were left out and
 * is dropped from the normalised vector, with one exception: a v3 vector
 * that names a metric of the temporal or environmental group, even as X,
 * has that group's score (FIRST's calculators always compute all three),
 * so for a group named only as X the normalised vector keeps its first
 * metric as X (E:X, CR:X) and scores the same.
 *
 * Scores:
 *   v3.x  base, temporal (E, RL, RC) and environmental (CR, IR, AR and the
 *         modified base metrics) scores, with v3.1's integer Roundup
 *         (specification Appendix A) or v3.0's ceiling to one decimal, and
 *         each version's own environmental formula.
 *   v4.0  the MacroVector lookup and severity-distance interpolation of
 *         the v4.0 specification and its reference calculator (cvss40.js
 *         of RedHatProductSecurity/cvss-v4-calculator), rounded as that
 *         calculator does: 1e-6 added, then halves up to one decimal, as
 *         exact arithmetic would round. E:X counts as E:A and CR/IR/AR:X
 *         as H (worst case). The supplemental metrics (S, AU, R, V, RE,
 *         U) are checked and kept but never change a score.
 */
#ifndef IRT_CVSS_H
#define IRT_CVSS_H

#include "irt/severity.h"
#include "irt/status.h"

enum cvss_version { CVSS_V30, CVSS_V31, CVSS_V40 };

/* Size of cvss_result.vector; every normalised vector fits with room. */
#define CVSS_VECTOR_MAX 256

struct cvss_result {
	enum cvss_version version;
	/* v3: the base score; v4: the CVSS-B score, from the base metrics
	 * alone (threat and environmental metrics taken as X). */
	double base;
	/* v3: the temporal score, -1 when the vector names no temporal
	 * metric (E, RL, RC; a metric given as X counts); v4: always -1. */
	double temporal;
	/* v3: the environmental score, -1 when the vector names no
	 * environmental metric (CR, IR, AR, MAV..MA; X counts); v4: always
	 * -1. */
	double environmental;
	/* The score to use. v3: environmental when the vector names an
	 * environmental metric, else temporal when it names a temporal one,
	 * else base. v4: the score of the whole vector (CVSS-B, -BT, -BE or
	 * -BTE by the metrics present). */
	double score;
	/* The score irt 0.1 computed: for v4.0 rounded without the
	 * reference's epsilon (0.1 lower for about 1 vector in 200), for v3
	 * the same as score. Events it recorded still verify by it. */
	double score_v01;
	enum severity band; /* severity_from_score(score) */
	/* Normalised: the prefix, then the given metrics in the
	 * specification's order, X dropped (but for v3's E:X or CR:X where
	 * a group is named only as X). NUL-terminated. */
	char vector[CVSS_VECTOR_MAX];
};

/*
 * Parses and scores `vector`, any NUL-terminated byte string, into *out.
 * Scores are multiples of 0.1 in 0.0..10.0, as the nearest double.
 *
 * Returns IRT_OK (err is cleared), or IRT_ERR_INVALID with err->msg naming
 * the problem: an empty vector, a missing or wrong "CVSS:x.y/" prefix, an
 * unknown metric, a duplicated metric, a bad value for a named metric, a
 * missing mandatory metric (all of them are named), a malformed component,
 * or, when there is no other problem, a v4.0 metric out of order (the
 * first out of place is named, and the vector given in order with its
 * metrics and values as given, for the user to copy). Bytes of the input
 * quoted in the message are escaped and cut short. On failure *out holds scores
 * of -1, SEVERITY_UNSET and an empty vector. err may be NULL. Keeps no state;
 * the caller owns both buffers.
 */
enum irt_status cvss_score(const char *vector, struct cvss_result *out,
                           struct irt_err *err);

/* "3.0", "3.1" or "4.0"; "" for a value outside the enum. Never NULL. */
const char *cvss_version_name(enum cvss_version v);

#endif
