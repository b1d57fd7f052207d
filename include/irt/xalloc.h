/*
 * xalloc.h - allocation that cannot fail: on exhaustion it runs the
 * registered fatal hook (the TUI's restores the terminal) and aborts.
 */
#ifndef IRT_XALLOC_H
#define IRT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s); /* NULL gives "" */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called once before aborting on a fatal error (e.g. endwin). */
void xalloc_set_fatal_hook(void (*hook)(void));

/* Runs the fatal hook, prints "irt: msg" and aborts. */
void xfatal(const char *msg) __attribute__((noreturn));

#endif
