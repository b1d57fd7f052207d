/*
 * severity.h - severity levels and the CVSS bands they correspond to
 * (DESIGN §3): none 0.0, low 0.1-3.9, medium 4.0-6.9, high 7.0-8.9,
 * critical 9.0-10.0. SEVERITY_UNSET means no level has been given yet.
 */
#ifndef IRT_SEVERITY_H
#define IRT_SEVERITY_H

enum severity {
	SEVERITY_UNSET,
	SEVERITY_NONE,
	SEVERITY_LOW,
	SEVERITY_MEDIUM,
	SEVERITY_HIGH,
	SEVERITY_CRITICAL,
	SEVERITY_COUNT
};

/* "none", "low", ...; "" for SEVERITY_UNSET. */
const char *severity_name(enum severity sev);

/* The level named by `name` (case-insensitive); -1 when unknown.
 * "" parses as SEVERITY_UNSET. */
int severity_parse(const char *name);

/* The band of a CVSS score (0.0 .. 10.0). */
enum severity severity_from_score(double score);

#endif
