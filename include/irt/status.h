/*
 * status.h - the status codes every core function returns, and the error
 * buffer callers pass in for the detail.
 *
 * The list is one X-macro: name, process exit status (DESIGN §5), and the
 * message used when no detail is given. Exit statuses: 0 done; 1 failure
 * (database, I/O); 2 usage or invalid input; 3 refused by a stage gate;
 * 4 no such incident.
 */
#ifndef IRT_STATUS_H
#define IRT_STATUS_H

#include <stddef.h>

#define IRT_STATUS_LIST(X)                                                     \
	X(OK, 0, "done")                                                       \
	X(ERR_DB, 1, "database error")                                         \
	X(ERR_BUSY, 1, "database busy")                                        \
	X(ERR_IO, 1, "I/O error")                                              \
	X(ERR_NOMEM, 1, "out of memory")                                       \
	X(ERR_NEWER, 1, "database written by a newer irt")                     \
	X(ERR_CORRUPT, 1, "database is damaged")                               \
	X(ERR_TAMPERED, 1, "timeline does not verify")                         \
	X(ERR_DIVERGED, 1, "the databases hold different records")             \
	X(ERR_USAGE, 2, "usage error")                                         \
	X(ERR_INVALID, 2, "invalid input")                                     \
	X(ERR_CANCELLED, 1, "cancelled")                                       \
	X(ERR_INTERRUPTED, 1, "interrupted by a signal")                       \
	X(ERR_GATE, 3, "refused by a stage gate")                              \
	X(ERR_NOTFOUND, 4, "no such incident")

enum irt_status {
#define IRT_STATUS_ENUM(name, code, msg) IRT_##name,
	IRT_STATUS_LIST(IRT_STATUS_ENUM)
#undef IRT_STATUS_ENUM
	    IRT_STATUS_COUNT
};

/* What went wrong, in words a user can act on. Always NUL-terminated. */
struct irt_err {
	enum irt_status status;
	char msg[1024];
};

/* The default message of a status ("database busy"). Never NULL. */
const char *irt_status_str(enum irt_status status);

/* The process exit status for a status code (0..4). */
int irt_status_exit(enum irt_status status);

/*
 * Records status and a printf-style message in err (which may be NULL) and
 * returns status, so a failing path can `return irt_err_set(...)`.
 */
enum irt_status irt_err_set(struct irt_err *err, enum irt_status status,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to IRT_OK with an empty message. err may be NULL. */
void irt_err_clear(struct irt_err *err);

#endif
