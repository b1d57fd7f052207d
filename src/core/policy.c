/*
 * policy.c - the reference policy's defaults and questions asked of a
 * policy. Loading and changing the team's policy is the storage module's
 * and tracker's job.
 */
#include "irt/policy.h"

#include <string.h>

void policy_defaults(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->ack_business_days = 2;
	p->remediate_days[SEVERITY_CRITICAL] = 14;
	p->remediate_days[SEVERITY_HIGH] = 28;
	p->remediate_days[SEVERITY_MEDIUM] = 42;
	p->remediate_days[SEVERITY_LOW] = 90;
	strcpy(p->zone, "UTC");
	p->due_soon_ms = 24LL * 3600 * 1000;
	/* "We commit to notifying customers and Atlassian in the event of a
	 * critical vulnerability": platform and customers for critical and
	 * high; the platform for medium. */
	p->notify_required[SEVERITY_CRITICAL] =
		1u << AUDIENCE_PLATFORM | 1u << AUDIENCE_CUSTOMERS;
	p->notify_required[SEVERITY_HIGH] =
		1u << AUDIENCE_PLATFORM | 1u << AUDIENCE_CUSTOMERS;
	p->notify_required[SEVERITY_MEDIUM] = 1u << AUDIENCE_PLATFORM;
}

int policy_requires(const struct policy *p, enum severity sev, enum audience a)
{
	if ((unsigned)sev >= SEVERITY_COUNT || (unsigned)a >= AUDIENCE_COUNT)
		return 0;
	return (p->notify_required[sev] >> a) & 1u;
}
