/*
 * input.c - keys from the terminal, a character's bytes kept together
 * (input.h).
 */
#include "tui/input.h"

#include <string.h>
#include <wchar.h>

/* The character being read: the bytes of it that came, in mbrtowc's
 * state, kept across calls. */
static mbstate_t state;
static int begun;

static int invalid(wint_t *wch)
{
	memset(&state, 0, sizeof state);
	begun = 0;
	*wch = 0xFFFD;
	return OK;
}

int input_key(int timeout_ms, wint_t *wch)
{
	for (;;) {
		wchar_t w;
		char b;
		size_t r;
		int c;

		timeout(begun ? INPUT_REST_MS : timeout_ms);
		c = getch();
		if (c == ERR)
			return begun ? invalid(wch) : ERR;
		if (c >= KEY_MIN) {
			if (begun) {
				/* A key in the middle of a character: the
				 * character is lost, the key comes again. */
				ungetch(c);
				return invalid(wch);
			}
			*wch = (wint_t)c;
			return KEY_CODE_YES;
		}
		b = (char)c;
		r = mbrtowc(&w, &b, 1, &state);
		if (r == (size_t)-2) {
			begun = 1;
			continue;
		}
		if (r == (size_t)-1) {
			/* A byte that cannot go on the character begun may
			 * start the next one: it is read again. */
			if (begun)
				ungetch(c);
			return invalid(wch);
		}
		begun = 0;
		*wch = r == 0 ? 0 : (wint_t)w;
		return OK;
	}
}
