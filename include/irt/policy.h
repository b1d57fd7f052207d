/*
 * policy.h - the team's response policy (DESIGN §3): acknowledgement window,
 * remediation days per band, the policy's time zone and holidays, the
 * "due soon" threshold and which audiences must be notified per band.
 * Defaults follow the reference disclosure policy.
 */
#ifndef IRT_POLICY_H
#define IRT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "irt/severity.h"
#include "irt/stage.h"

#define POLICY_MAX_HOLIDAYS 256

struct policy {
	int ack_business_days;		   /* 2 */
	int remediate_days[SEVERITY_COUNT]; /* 0 = no deadline */
	char zone[64];			   /* IANA name; "" = UTC */
	int32_t holidays[POLICY_MAX_HOLIDAYS]; /* YYYYMMDD, sorted */
	size_t n_holidays;
	int64_t due_soon_ms;		   /* "due soon" threshold */
	unsigned notify_required[SEVERITY_COUNT]; /* bit (1 << audience) */
};

/* Fills p with the reference policy's defaults. */
void policy_defaults(struct policy *p);

/* Whether audience a must be notified for severity sev. */
int policy_requires(const struct policy *p, enum severity sev, enum audience a);

#endif
