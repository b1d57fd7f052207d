/*
 * severity.c - names of severity levels and the CVSS score bands.
 */
#include "irt/severity.h"

#include <strings.h>

static const char *const severity_names[SEVERITY_COUNT] = {
    "", "none", "low", "medium", "high", "critical",
};

const char *severity_name(enum severity sev)
{
	if ((unsigned)sev >= SEVERITY_COUNT)
		return "";
	return severity_names[sev];
}

int severity_parse(const char *name)
{
	for (int i = 0; i < SEVERITY_COUNT; i++)
		if (strcasecmp(name, severity_names[i]) == 0)
			return i;
	return -1;
}

enum severity severity_from_score(double score)
{
	/* Scores are rounded to one decimal; compare in tenths. */
	long tenths = (long)(score * 10.0 + 0.5);

	if (tenths <= 0)
		return SEVERITY_NONE;
	if (tenths < 40)
		return SEVERITY_LOW;
	if (tenths < 70)
		return SEVERITY_MEDIUM;
	if (tenths < 90)
		return SEVERITY_HIGH;
	return SEVERITY_CRITICAL;
}
