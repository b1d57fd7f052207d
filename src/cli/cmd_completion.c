/*
 * cmd_completion.c - `irt completion bash|zsh|fish`: shell completion
 * written from the command table, the one source of commands, options
 * and what they take (cli.h).
 *
 * Each script is two parts: a table, the same for every shell, and a
 * small walker in the shell's own language that reads the command line
 * and looks up the table. The table is one record a line:
 *
 *   t OPT                   an option of irt alone (--version)
 *   c CMD                   a command
 *   s CMD SUB               a subcommand of CMD
 *   o CMD SUB OPT KIND      an option (CMD, SUB "-": global, none)
 *   a CMD SUB N KIND        CMD's (or SUB's) N-th positional argument
 *   v KIND VALUE            a value of KIND
 *
 * KIND is cli_arg_name()'s. The values are the core's own tables (stage
 * names, severities, audiences, export formats, the fields `irt set`
 * takes, ...), so a stage or format added there is completed without
 * editing a script. Incident numbers (KIND id) are asked of irt when
 * completing: `irt [--db PATH] list --all`, whose lines are
 * tab-separated when piped (number, severity, stage, title, ...; the
 * title with control characters and tabs made visible or spaces), and
 * which never creates a database: with none there, nothing is
 * completed, silently.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "irt/export.h"
#include "irt/hooks.h"
#include "irt/incident.h"
#include "irt/policy.h"
#include "irt/report.h"
#include "irt/severity.h"
#include "irt/stage.h"

static const char *const kind_names[CLI_ARG_COUNT] = {
    [CLI_ARG_NONE] = "none",
    [CLI_ARG_TEXT] = "text",
    [CLI_ARG_ID] = "id",
    [CLI_ARG_NUMBER] = "number",
    [CLI_ARG_NAME] = "name",
    [CLI_ARG_TIME] = "time",
    [CLI_ARG_FILE] = "file",
    [CLI_ARG_DB] = "db",
    [CLI_ARG_COMMAND] = "command",
    [CLI_ARG_CVSS] = "cvss",
    [CLI_ARG_STAGE] = "stage",
    [CLI_ARG_WORK_STAGE] = "work-stage",
    [CLI_ARG_SEVERITY] = "severity",
    [CLI_ARG_AUDIENCE] = "audience",
    [CLI_ARG_RESOLUTION] = "resolution",
    [CLI_ARG_FORMAT] = "format",
    [CLI_ARG_REPORT_FORMAT] = "report-format",
    [CLI_ARG_PAPER] = "paper",
    [CLI_ARG_SOURCE] = "source",
    [CLI_ARG_ACTION_TYPE] = "action-type",
    [CLI_ARG_FIELD] = "field",
    [CLI_ARG_SORT] = "sort",
    [CLI_ARG_CMD_NAME] = "cmd-name",
    [CLI_ARG_SHELL] = "shell",
    [CLI_ARG_HOOK_KIND] = "hook-kind",
    [CLI_ARG_POLICY_KEY] = "policy-key",
};

static const char *const shells[] = {"bash", "zsh", "fish", NULL};

const char *cli_arg_name(enum cli_arg kind)
{
	return (unsigned)kind < CLI_ARG_COUNT && kind_names[kind]
	           ? kind_names[kind]
	           : "text";
}

/* Bound on the core's enumerations, which name "" past their end. */
#define MAX_VALUES 256

/* The i-th name of a core table whose names give "" past the end (and
 * for index 0 too when skip_first). */
static const char *enum_value(const char *(*name)(int), size_t i,
                              int skip_first)
{
	const char *s;

	i += skip_first ? 1 : 0;
	if (i >= MAX_VALUES)
		return NULL;
	s = name((int)i);
	return s && s[0] ? s : NULL;
}

static const char *stage_at(int i)
{
	return stage_name((enum stage)i);
}

static const char *severity_at(int i)
{
	return severity_name((enum severity)i);
}

static const char *audience_at(int i)
{
	return audience_name((enum audience)i);
}

static const char *resolution_at(int i)
{
	return resolution_name((enum resolution)i);
}

static const char *format_at(int i)
{
	return export_format_name((enum export_format)i);
}

static const char *report_format_at(int i)
{
	return report_format_name((enum report_format)i);
}

static const char *paper_at(int i)
{
	return export_paper_name((enum export_paper)i);
}

static const char *action_type_at(int i)
{
	return action_type_name((enum action_type)i);
}

/* The i-th field `irt set` takes, or NULL. */
static const char *field_at(size_t i)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (incident_fields[f].settable && i-- == 0)
			return incident_fields[f].name;
	return NULL;
}

const char *cli_arg_value(enum cli_arg kind, size_t i)
{
	switch (kind) {
	case CLI_ARG_STAGE:
		return enum_value(stage_at, i, 0);
	case CLI_ARG_WORK_STAGE:
		return i < STAGE_WORK_COUNT ? stage_name((enum stage)i) : NULL;
	case CLI_ARG_SEVERITY:
		return enum_value(severity_at, i, 1); /* not "" (unset) */
	case CLI_ARG_AUDIENCE:
		return enum_value(audience_at, i, 0);
	case CLI_ARG_RESOLUTION:
		return enum_value(resolution_at, i, 1); /* not "" (none) */
	case CLI_ARG_FORMAT:
		return enum_value(format_at, i, 0);
	case CLI_ARG_REPORT_FORMAT:
		return enum_value(report_format_at, i, 0);
	case CLI_ARG_PAPER:
		return enum_value(paper_at, i, 0);
	case CLI_ARG_ACTION_TYPE:
		return enum_value(action_type_at, i, 0);
	case CLI_ARG_SOURCE:
		return incident_source_name(i);
	case CLI_ARG_FIELD:
		return field_at(i);
	case CLI_ARG_SORT:
		for (size_t k = 0; cli_list_sorts[k]; k++)
			if (k == i)
				return cli_list_sorts[k];
		return NULL;
	case CLI_ARG_CMD_NAME:
		for (size_t k = 0; cli_commands[k]; k++)
			if (k == i)
				return cli_commands[k]->name;
		return NULL;
	case CLI_ARG_SHELL:
		return i < sizeof shells / sizeof *shells ? shells[i] : NULL;
	case CLI_ARG_HOOK_KIND:
		return hooks_kind_name(i);
	case CLI_ARG_POLICY_KEY:
		return i < POLICY_KEY_COUNT
		           ? policy_key_name((enum policy_key)i)
		           : NULL;
	default:
		return NULL;
	}
}

/* ---- the table ---------------------------------------------------- */

static void put_opts(FILE *out, const char *cmd, const char *sub,
                     const struct cli_opt *opts)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		const char *kind = cli_arg_name(opts[i].arg);

		fprintf(out, "o %s %s --%s %s\n", cmd, sub, opts[i].name, kind);
		if (opts[i].letter)
			fprintf(out, "o %s %s -%c %s\n", cmd, sub,
			        opts[i].letter, kind);
	}
}

static void put_args(FILE *out, const char *cmd, const char *sub,
                     const enum cli_arg *args)
{
	for (size_t i = 0; args && args[i] != CLI_ARG_NONE; i++)
		fprintf(out, "a %s %s %zu %s\n", cmd, sub, i + 1,
		        cli_arg_name(args[i]));
}

static void put_table(FILE *out)
{
	fputs("t --version\nt --help\n"
	      "o - - --db db\no - - --actor name\no - - --sign-key file\n"
	      "o - - --help none\n",
	      out);
	for (size_t i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];

		fprintf(out, "c %s\n", cmd->name);
		put_opts(out, cmd->name, "-", cmd->opts);
		put_args(out, cmd->name, "-", cmd->args);
		for (size_t k = 0; cmd->subs && cmd->subs[k].name; k++) {
			const struct cli_sub *sub = &cmd->subs[k];

			fprintf(out, "s %s %s\n", cmd->name, sub->name);
			put_opts(out, cmd->name, sub->name, sub->opts);
			put_args(out, cmd->name, sub->name, sub->args);
		}
	}
	for (int k = 0; k < CLI_ARG_COUNT; k++) {
		const char *v;

		for (size_t i = 0; (v = cli_arg_value((enum cli_arg)k, i)); i++)
			fprintf(out, "v %s %s\n", cli_arg_name((enum cli_arg)k),
			        v);
	}
}

/* ---- the walkers -------------------------------------------------- */

static const char bash_walker[] =
    "# _irt_find KEY: what follows \"KEY \" on each line of the table.\n"
    "_irt_find() {\n"
    "\tlocal line\n"
    "\twhile IFS= read -r line; do\n"
    "\t\t[[ $line == \"$1 \"* ]] && printf '%s\\n' \"${line#\"$1 \"}\"\n"
    "\tdone <<<\"$_irt_table\"\n"
    "}\n"
    "\n"
    "# _irt_opts CMD SUB: \"OPT KIND\" for every option CMD (SUB) takes.\n"
    "_irt_opts() {\n"
    "\t_irt_find \"o - -\"\n"
    "\t[[ $1 != - ]] && _irt_find \"o $1 -\"\n"
    "\t[[ $2 != - ]] && _irt_find \"o $1 $2\"\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "# _irt_optkind CMD SUB OPT: the kind of value OPT takes (none: a "
    "flag).\n"
    "_irt_optkind() {\n"
    "\tlocal o k\n"
    "\twhile read -r o k; do\n"
    "\t\t[[ $o == \"$3\" ]] && { printf '%s\\n' \"$k\"; return; }\n"
    "\tdone < <(_irt_opts \"$1\" \"$2\")\n"
    "}\n"
    "\n"
    "# _irt_values KIND CUR: COMPREPLY for a value of KIND.\n"
    "_irt_values() {\n"
    "\tlocal id title line\n"
    "\tlocal -a ids=() shown=()\n"
    "\tcase $1 in\n"
    "\tfile | db)\n"
    "\t\tcompopt -o filenames 2>/dev/null\n"
    "\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$2\")\n"
    "\t\t;;\n"
    "\tid)\n"
    "\t\twhile IFS= read -r line; do\n"
    "\t\t\tid=${line%%$'\\t'*}\n"
    "\t\t\ttitle=${line#*$'\\t'*$'\\t'*$'\\t'}\n"
    "\t\t\ttitle=${title%%$'\\t'*}\n"
    "\t\t\t[[ $id == \"$2\"* ]] || continue\n"
    "\t\t\tids+=(\"$id\")\n"
    "\t\t\tshown+=(\"$id -- $title\")\n"
    "\t\tdone < <(\"$_irt_prog\" \"${_irt_db[@]}\" list --all "
    "2>/dev/null </dev/null)\n"
    "\t\tif ((${#ids[@]} == 1)); then\n"
    "\t\t\tCOMPREPLY=(\"${ids[0]}\")\n"
    "\t\telse\n"
    "\t\t\tCOMPREPLY=(\"${shown[@]}\")\n"
    "\t\tfi\n"
    "\t\t;;\n"
    "\t*)\n"
    "\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_irt_find \"v $1\")\" "
    "-- \"$2\")\n"
    "\t\t;;\n"
    "\tesac\n"
    "}\n"
    "\n"
    "_irt() {\n"
    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} w kind pending= popt= cmd=- "
    "sub=- n=0 i\n"
    "\tlocal _irt_prog=${COMP_WORDS[0]}\n"
    "\tlocal -a _irt_db=()\n"
    "\tCOMPREPLY=()\n"
    "\t[[ $_irt_prog == \"~/\"* ]] && _irt_prog=$HOME/${_irt_prog#\"~/\"}\n"
    "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
    "\t\tw=${COMP_WORDS[i]}\n"
    "\t\t[[ $w == = ]] && continue\n"
    "\t\tif [[ -n $pending ]]; then\n"
    "\t\t\t[[ $popt == --db ]] && _irt_db=(--db \"$w\")\n"
    "\t\t\tpending=\n"
    "\t\t\tcontinue\n"
    "\t\tfi\n"
    "\t\tcase $w in\n"
    "\t\t--db=*) _irt_db=(--db \"${w#--db=}\"); continue ;;\n"
    "\t\t--*=*) continue ;;\n"
    "\t\t-?*)\n"
    "\t\t\tkind=$(_irt_optkind \"$cmd\" \"$sub\" \"$w\")\n"
    "\t\t\tif [[ -n $kind && $kind != none ]]; then\n"
    "\t\t\t\tpending=$kind popt=$w\n"
    "\t\t\t\t[[ ${COMP_WORDS[i + 1]-} == = ]] && i=$((i + 1))\n"
    "\t\t\tfi\n"
    "\t\t\tcontinue\n"
    "\t\t\t;;\n"
    "\t\tesac\n"
    "\t\tif [[ $cmd == - ]]; then\n"
    "\t\t\tcmd=$w\n"
    "\t\telif [[ $sub == - && -n $(_irt_find \"s $cmd\") ]]; then\n"
    "\t\t\tsub=$w\n"
    "\t\telse\n"
    "\t\t\tn=$((n + 1))\n"
    "\t\tfi\n"
    "\tdone\n"
    "\t[[ $cur == = ]] && cur=\n"
    "\tif [[ -n $pending ]]; then\n"
    "\t\t_irt_values \"$pending\" \"$cur\"\n"
    "\telif [[ $cur == -* ]]; then\n"
    "\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_irt_opts \"$cmd\" "
    "\"$sub\" | cut -d' ' -f1; [[ $cmd == - ]] && _irt_find t)\" -- "
    "\"$cur\")\n"
    "\telif [[ $cmd == - ]]; then\n"
    "\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_irt_find c)\" -- "
    "\"$cur\")\n"
    "\telif [[ $sub == - && -n $(_irt_find \"s $cmd\") ]]; then\n"
    "\t\tmapfile -t COMPREPLY < <(compgen -W \"$(_irt_find \"s $cmd\")\" "
    "-- \"$cur\")\n"
    "\telse\n"
    "\t\tkind=$(_irt_find \"a $cmd $sub $((n + 1))\")\n"
    "\t\t[[ -n $kind ]] && _irt_values \"$kind\" \"$cur\"\n"
    "\tfi\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "complete -F _irt irt\n";

static const char zsh_walker[] =
    "# _irt_find KEY: what follows \"KEY \" on each line of the table.\n"
    "_irt_find() {\n"
    "\tlocal line\n"
    "\tfor line in ${(f)_irt_table}; do\n"
    "\t\t[[ $line == \"$1 \"* ]] && print -r -- \"${line#\"$1 \"}\"\n"
    "\tdone\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "# _irt_opts CMD SUB: \"OPT KIND\" for every option CMD (SUB) takes.\n"
    "_irt_opts() {\n"
    "\t_irt_find \"o - -\"\n"
    "\t[[ $1 != - ]] && _irt_find \"o $1 -\"\n"
    "\t[[ $2 != - ]] && _irt_find \"o $1 $2\"\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "# _irt_optkind CMD SUB OPT: the kind of value OPT takes (none: a "
    "flag).\n"
    "_irt_optkind() {\n"
    "\tlocal line\n"
    "\tfor line in ${(f)\"$(_irt_opts $1 $2)\"}; do\n"
    "\t\t[[ ${line%% *} == \"$3\" ]] && { print -r -- \"${line#* }\"; "
    "return; }\n"
    "\tdone\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "# _irt_values KIND: offers a value of KIND.\n"
    "_irt_values() {\n"
    "\tlocal line id title\n"
    "\tlocal -a ids shown\n"
    "\tcase $1 in\n"
    "\tfile | db) _files ;;\n"
    "\tid)\n"
    "\t\tfor line in ${(f)\"$($_irt_prog \"${_irt_db[@]}\" list --all "
    "2>/dev/null </dev/null)\"}; do\n"
    "\t\t\tid=${line%%$'\\t'*}\n"
    "\t\t\ttitle=${${(ps:\\t:)line}[4]}\n"
    "\t\t\tids+=(\"$id\")\n"
    "\t\t\tshown+=(\"$id -- $title\")\n"
    "\t\tdone\n"
    "\t\t(( ${#ids} )) && compadd -l -d shown -- \"${ids[@]}\"\n"
    "\t\t;;\n"
    "\t*)\n"
    "\t\tids=(${(f)\"$(_irt_find \"v $1\")\"})\n"
    "\t\t(( ${#ids} )) && compadd -- \"${ids[@]}\"\n"
    "\t\t;;\n"
    "\tesac\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "_irt() {\n"
    "\tlocal cur=${words[CURRENT]} w kind pending= popt= cmd=- sub=- n=0 "
    "i\n"
    "\tlocal _irt_prog=${words[1]}\n"
    "\tlocal -a _irt_db cands\n"
    "\tfor ((i = 2; i < CURRENT; i++)); do\n"
    "\t\tw=${words[i]}\n"
    "\t\tif [[ -n $pending ]]; then\n"
    "\t\t\t[[ $popt == --db ]] && _irt_db=(--db \"$w\")\n"
    "\t\t\tpending=\n"
    "\t\t\tcontinue\n"
    "\t\tfi\n"
    "\t\tcase $w in\n"
    "\t\t--db=*) _irt_db=(--db \"${w#--db=}\"); continue ;;\n"
    "\t\t--*=*) continue ;;\n"
    "\t\t-?*)\n"
    "\t\t\tkind=$(_irt_optkind $cmd $sub \"$w\")\n"
    "\t\t\t[[ -n $kind && $kind != none ]] && pending=$kind popt=$w\n"
    "\t\t\tcontinue\n"
    "\t\t\t;;\n"
    "\t\tesac\n"
    "\t\tif [[ $cmd == - ]]; then\n"
    "\t\t\tcmd=$w\n"
    "\t\telif [[ $sub == - && -n $(_irt_find \"s $cmd\") ]]; then\n"
    "\t\t\tsub=$w\n"
    "\t\telse\n"
    "\t\t\t(( n++ ))\n"
    "\t\tfi\n"
    "\tdone\n"
    "\tif [[ -z $pending && $cur == --*=* ]]; then\n"
    "\t\tkind=$(_irt_optkind $cmd $sub \"${cur%%=*}\")\n"
    "\t\tif [[ -n $kind && $kind != none ]]; then\n"
    "\t\t\tcompset -P '*='\n"
    "\t\t\tpending=$kind\n"
    "\t\tfi\n"
    "\tfi\n"
    "\tif [[ -n $pending ]]; then\n"
    "\t\t_irt_values $pending\n"
    "\telif [[ $cur == -* ]]; then\n"
    "\t\tcands=(${${(f)\"$(_irt_opts $cmd $sub)\"}%% *})\n"
    "\t\t[[ $cmd == - ]] && cands+=(${(f)\"$(_irt_find t)\"})\n"
    "\t\tcompadd -- \"${cands[@]}\"\n"
    "\telif [[ $cmd == - ]]; then\n"
    "\t\tcompadd -- ${(f)\"$(_irt_find c)\"}\n"
    "\telif [[ $sub == - && -n $(_irt_find \"s $cmd\") ]]; then\n"
    "\t\tcompadd -- ${(f)\"$(_irt_find \"s $cmd\")\"}\n"
    "\telse\n"
    "\t\tkind=$(_irt_find \"a $cmd $sub $((n + 1))\")\n"
    "\t\t[[ -n $kind ]] && _irt_values $kind\n"
    "\tfi\n"
    "\treturn 0\n"
    "}\n"
    "\n"
    "if [[ ${zsh_eval_context[-1]-} == loadautofunc ]]; then\n"
    "\t_irt \"$@\"\n"
    "elif (( $+functions[compdef] )); then\n"
    "\tcompdef _irt irt\n"
    "fi\n";

static const char fish_walker[] =
    "set -g __irt_lines (string split \\n -- $__irt_table)\n"
    "\n"
    "# __irt_find KEY: what follows \"KEY \" on each line of the table.\n"
    "function __irt_find\n"
    "\tfor line in $__irt_lines\n"
    "\t\tif string match -q -- \"$argv[1] *\" $line\n"
    "\t\t\tstring sub -s (math (string length -- \"$argv[1]\") + 2) -- "
    "$line\n"
    "\t\tend\n"
    "\tend\n"
    "end\n"
    "\n"
    "# __irt_opts CMD SUB: \"OPT KIND\" for every option CMD (SUB) takes.\n"
    "function __irt_opts\n"
    "\t__irt_find 'o - -'\n"
    "\ttest $argv[1] != -; and __irt_find \"o $argv[1] -\"\n"
    "\ttest $argv[2] != -; and __irt_find \"o $argv[1] $argv[2]\"\n"
    "\treturn 0\n"
    "end\n"
    "\n"
    "# __irt_optkind CMD SUB OPT: the kind of value OPT takes (none: a "
    "flag).\n"
    "function __irt_optkind\n"
    "\tfor line in (__irt_opts $argv[1] $argv[2])\n"
    "\t\tset -l f (string split ' ' -- $line)\n"
    "\t\tif test \"$f[1]\" = \"$argv[3]\"\n"
    "\t\t\techo $f[2]\n"
    "\t\t\treturn\n"
    "\t\tend\n"
    "\tend\n"
    "end\n"
    "\n"
    "# __irt_values KIND CUR PREFIX PROG [DB...]: the values of KIND.\n"
    "function __irt_values\n"
    "\tswitch $argv[1]\n"
    "\tcase file db\n"
    "\t\tfor p in (__fish_complete_path $argv[2])\n"
    "\t\t\techo $argv[3]$p\n"
    "\t\tend\n"
    "\tcase id\n"
    "\t\tfor line in ($argv[4] $argv[5..-1] list --all 2>/dev/null "
    "</dev/null)\n"
    "\t\t\tset -l f (string split \\t -- $line)\n"
    "\t\t\tprintf '%s%s\\t%s\\n' $argv[3] $f[1] $f[4]\n"
    "\t\tend\n"
    "\tcase '*'\n"
    "\t\tfor v in (__irt_find \"v $argv[1]\")\n"
    "\t\t\techo $argv[3]$v\n"
    "\t\tend\n"
    "\tend\n"
    "end\n"
    "\n"
    "function __irt_complete\n"
    "\tset -l words (commandline -opc)\n"
    "\tset -l cur (commandline -ct)\n"
    "\tset -l cmd -\n"
    "\tset -l sub -\n"
    "\tset -l n 0\n"
    "\tset -l pending\n"
    "\tset -l popt\n"
    "\tset -l db\n"
    "\tfor w in $words[2..-1]\n"
    "\t\tif test -n \"$pending\"\n"
    "\t\t\ttest \"$popt\" = --db; and set db --db $w\n"
    "\t\t\tset pending\n"
    "\t\t\tcontinue\n"
    "\t\tend\n"
    "\t\tif string match -q -- '--db=*' $w\n"
    "\t\t\tset db --db (string replace -- --db= '' $w)\n"
    "\t\t\tcontinue\n"
    "\t\telse if string match -q -- '--*=*' $w\n"
    "\t\t\tcontinue\n"
    "\t\telse if string match -q -- '-?*' $w\n"
    "\t\t\tset -l k (__irt_optkind $cmd $sub $w)\n"
    "\t\t\tif test -n \"$k\"; and test \"$k\" != none\n"
    "\t\t\t\tset pending $k\n"
    "\t\t\t\tset popt $w\n"
    "\t\t\tend\n"
    "\t\t\tcontinue\n"
    "\t\tend\n"
    "\t\tset -l subs (__irt_find \"s $cmd\")\n"
    "\t\tif test $cmd = -\n"
    "\t\t\tset cmd $w\n"
    "\t\telse if test $sub = -; and test (count $subs) -gt 0\n"
    "\t\t\tset sub $w\n"
    "\t\telse\n"
    "\t\t\tset n (math $n + 1)\n"
    "\t\tend\n"
    "\tend\n"
    "\tset -l prefix ''\n"
    "\tif test -z \"$pending\"; and string match -q -- '--*=*' $cur\n"
    "\t\tset -l opt (string replace -r -- '=.*' '' $cur)\n"
    "\t\tset -l k (__irt_optkind $cmd $sub $opt)\n"
    "\t\tif test -n \"$k\"; and test \"$k\" != none\n"
    "\t\t\tset pending $k\n"
    "\t\t\tset prefix $opt=\n"
    "\t\t\tset cur (string replace -- $opt= '' $cur)\n"
    "\t\tend\n"
    "\tend\n"
    "\tset -l subs (__irt_find \"s $cmd\")\n"
    "\tif test -n \"$pending\"\n"
    "\t\t__irt_values $pending \"$cur\" \"$prefix\" $words[1] $db\n"
    "\telse if string match -q -- '-*' $cur\n"
    "\t\tfor line in (__irt_opts $cmd $sub)\n"
    "\t\t\tstring replace -r -- ' .*' '' $line\n"
    "\t\tend\n"
    "\t\ttest $cmd = -; and __irt_find t\n"
    "\telse if test $cmd = -\n"
    "\t\t__irt_find c\n"
    "\telse if test $sub = -; and test (count $subs) -gt 0\n"
    "\t\tprintf '%s\\n' $subs\n"
    "\telse\n"
    "\t\tset -l pos (math $n + 1)\n"
    "\t\tset -l kind (__irt_find \"a $cmd $sub $pos\")\n"
    "\t\ttest -n \"$kind\"; and __irt_values $kind \"$cur\" '' "
    "$words[1] $db\n"
    "\tend\n"
    "\treturn 0\n"
    "end\n"
    "\n"
    "complete -c irt -e\n"
    "complete -c irt -f -a '(__irt_complete)'\n";

static int completion_exec(struct cli_ctx *ctx, int argc, char **argv);

static const enum cli_arg completion_args[] = {CLI_ARG_SHELL, CLI_ARG_NONE};

const struct cli_cmd cli_cmd_completion = {
    "completion",
    "bash|zsh|fish",
    "Print the shell completion script for bash, zsh or fish",
    "Writes a completion script for the shell to standard output, made\n"
    "from irt's own command table: commands, subcommands, options, stage\n"
    "names, severities, audiences, formats, field names, and incident\n"
    "numbers with their titles (asked of 'irt list --all' on the database\n"
    "--db or $IRT_DB names, at completion time; none is ever created).\n"
    "cmake --install puts the three in the usual places; by hand:\n"
    "  bash  irt completion bash >~/.local/share/bash-completion/"
    "completions/irt\n"
    "  zsh   irt completion zsh >~/.zfunc/_irt   (~/.zfunc in $fpath)\n"
    "  fish  irt completion fish >~/.config/fish/completions/irt.fish\n",
    completion_exec,
    NULL,
    completion_args,
    NULL,
};

static int completion_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *walker = NULL, *shell;
	int c;

	while ((c = cli_getopt(ctx, &cli_cmd_completion, argc, argv)) != -1)
		return c == 'h' ? 0 : 2;
	if (optind >= argc)
		return cli_usage(&cli_cmd_completion, "missing the shell");
	if (optind + 1 < argc)
		return cli_usage(&cli_cmd_completion,
		                 "unexpected argument \"%.40s\"",
		                 argv[optind + 1]);
	shell = argv[optind];
	if (strcmp(shell, "bash") == 0)
		walker = bash_walker;
	else if (strcmp(shell, "zsh") == 0)
		walker = zsh_walker;
	else if (strcmp(shell, "fish") == 0)
		walker = fish_walker;
	else
		return cli_usage(&cli_cmd_completion,
		                 "no completion for \"%.40s\" (bash, zsh or "
		                 "fish)",
		                 shell);
	if (walker == zsh_walker)
		fputs("#compdef irt\n", stdout);
	printf("# %s completion for irt %s, written by 'irt completion %s' "
	       "from irt's\n# command table. The table: t OPT (irt's own), "
	       "c CMD, s CMD SUB, o CMD SUB\n# OPT KIND, a CMD SUB N KIND, v "
	       "KIND VALUE (\"-\": none; see irt(1)).\n",
	       shell, IRT_VERSION, shell);
	printf("%s'",
	       walker == fish_walker ? "set -g __irt_table " : "_irt_table=");
	put_table(stdout);
	fputs("'\n\n", stdout);
	fputs(walker, stdout);
	return 0;
}
