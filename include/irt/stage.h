/*
 * stage.h - the lifecycle stages (DESIGN §1), resolutions and
 * notification audiences.
 */
#ifndef IRT_STAGE_H
#define IRT_STAGE_H

enum stage {
	STAGE_DETECT,
	STAGE_CONTAIN,
	STAGE_FIX,
	STAGE_NOTIFY,
	STAGE_REVIEW,
	STAGE_CLOSED,
	STAGE_COUNT
};

/* Stages that have work and an owner (all but closed). */
#define STAGE_WORK_COUNT STAGE_CLOSED

enum resolution {
	RESOLUTION_NONE,
	RESOLUTION_RESOLVED,
	RESOLUTION_REJECTED,
	RESOLUTION_DUPLICATE,
	RESOLUTION_NOT_APPLICABLE,
	RESOLUTION_COUNT
};

enum audience {
	AUDIENCE_PLATFORM,  /* the platform vendor */
	AUDIENCE_CUSTOMERS, /* affected customers */
	AUDIENCE_INTERNAL,  /* the organisation itself */
	AUDIENCE_REPORTER,  /* whoever reported it: the acknowledgement */
	AUDIENCE_COUNT
};

/* "detect" ... "closed". */
const char *stage_name(enum stage st);
/* The stage named `name`, or -1. */
int stage_parse(const char *name);

/* "resolved", "rejected", "duplicate", "not-applicable"; "" for none. */
const char *resolution_name(enum resolution r);
/* The resolution named `name` (not "" ), or -1. */
int resolution_parse(const char *name);

/* "platform", "customers", "internal", "reporter". */
const char *audience_name(enum audience a);
/* The audience named `name`, or -1. */
int audience_parse(const char *name);

#endif
