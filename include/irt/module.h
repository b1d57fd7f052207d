/*
 * module.h - the parts of irt built as modules and loaded only when they
 * are needed: the PDF renderer (export_pdf.h) and the PostgreSQL engine
 * (db.h). Their libraries (Pango and Cairo; libpq with Kerberos, LDAP
 * and TLS) are most of what irt links, and loading them cost every
 * other command most of its start-up.
 *
 * A module is looked for beside the running program first (a build
 * tree, where irt and its modules are built side by side), then in
 * IRT_MODULEDIR (lib/irt where irt is installed); never in a directory
 * from the environment, so the code irt runs is the code built with it.
 * A module calls the core's functions in the program that loaded it.
 */
#ifndef IRT_MODULE_H
#define IRT_MODULE_H

#include "irt/status.h"

/*
 * The symbol sym of the module file (e.g. "irt-pdf.so"), loading it the
 * first time; NULL with err set (IRT_ERR_IO, "WHAT: ... cannot be
 * loaded ...; install the irt-pdf package, or reinstall irt", the
 * package named as the file is) when it cannot be loaded or lacks sym.
 * A module stays loaded for the life of the process.
 */
void *module_symbol(const char *file, const char *sym, const char *what,
                    struct irt_err *err);

#endif
