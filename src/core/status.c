/*
 * status.c - names and exit statuses of the status codes in status.h, and
 * the caller-owned error buffer. No static buffers: the detail always lands
 * in the struct irt_err the caller passed.
 */
#include "irt/status.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
	int exit_code;
	const char *msg;
} status_info[] = {
#define IRT_STATUS_INFO(name, code, msg) {code, msg},
    IRT_STATUS_LIST(IRT_STATUS_INFO)
#undef IRT_STATUS_INFO
};

const char *irt_status_str(enum irt_status status)
{
	if ((unsigned)status >= IRT_STATUS_COUNT)
		return "unknown error";
	return status_info[status].msg;
}

int irt_status_exit(enum irt_status status)
{
	if ((unsigned)status >= IRT_STATUS_COUNT)
		return 1;
	return status_info[status].exit_code;
}

enum irt_status irt_err_set(struct irt_err *err, enum irt_status status,
                            const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	if (!fmt) {
		snprintf(err->msg, sizeof err->msg, "%s",
		         irt_status_str(status));
		return status;
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return status;
}

void irt_err_clear(struct irt_err *err)
{
	if (!err)
		return;
	err->status = IRT_OK;
	err->msg[0] = '\0';
}
