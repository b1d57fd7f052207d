/*
 * fuzz_checkpoint.c - libFuzzer target for the checkpoint reader
 * (checkpoint.h): any bytes offered as a checkpoint file are refused
 * with a message or read, never crash or leak; and what is read writes
 * back out to text that reads to the same statement, signature and
 * time-stamp.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irt/checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void same(const struct checkpoint *a, const struct checkpoint *b)
{
	check(a->statement_len == b->statement_len);
	check(memcmp(a->statement, b->statement, a->statement_len) == 0);
	check(strcmp(a->signature, b->signature) == 0);
	check(a->stamp_len == b->stamp_len);
	check(!a->stamp_len || memcmp(a->stamp, b->stamp, a->stamp_len) == 0);
	check(a->n_incidents == b->n_incidents && a->n_ledger == b->n_ledger);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkpoint_list list = {0}, again = {0};
	struct irt_err err;
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	check(f != NULL);
	if (checkpoint_read(f, "fuzz", &list, &err) != IRT_OK) {
		check(err.msg[0] != '\0');
		check(list.count == 0);
	}
	fclose(f);
	for (size_t i = 0; i < list.count; i++) {
		size_t len;
		char *text = checkpoint_format(&list.items[i], &len);

		f = fmemopen(text, len, "r");
		check(f != NULL);
		check(checkpoint_read(f, "again", &again, &err) == IRT_OK);
		fclose(f);
		check(again.count == 1);
		same(&list.items[i], &again.items[0]);
		checkpoint_list_free(&again);
		free(text);
	}
	checkpoint_list_free(&list);
	return 0;
}
