/*
 * stage.c - names of stages, resolutions and audiences.
 */
#include "irt/stage.h"

#include <string.h>

static const char *const stage_names[STAGE_COUNT] = {
    "detect", "contain", "fix", "notify", "review", "closed",
};

static const char *const resolution_names[RESOLUTION_COUNT] = {
    "", "resolved", "rejected", "duplicate", "not-applicable",
};

static const char *const audience_names[AUDIENCE_COUNT] = {
    "platform",
    "customers",
    "internal",
    "reporter",
};

static int lookup(const char *const *names, int n, const char *name, int from)
{
	if (!name)
		return -1;
	for (int i = from; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *stage_name(enum stage st)
{
	return (unsigned)st < STAGE_COUNT ? stage_names[st] : "";
}

int stage_parse(const char *name)
{
	return lookup(stage_names, STAGE_COUNT, name, 0);
}

const char *resolution_name(enum resolution r)
{
	return (unsigned)r < RESOLUTION_COUNT ? resolution_names[r] : "";
}

int resolution_parse(const char *name)
{
	return lookup(resolution_names, RESOLUTION_COUNT, name, 1);
}

const char *audience_name(enum audience a)
{
	return (unsigned)a < AUDIENCE_COUNT ? audience_names[a] : "";
}

int audience_parse(const char *name)
{
	return lookup(audience_names, AUDIENCE_COUNT, name, 0);
}
