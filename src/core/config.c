/*
 * config.c - paths (XDG), the actor, and personal settings read with inih.
 */
#include "irt/config.h"

#include <ini.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "irt/policy.h"
#include "irt/sanitize.h"
#include "irt/xalloc.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

/* $XDG_<kind>_HOME/irt, or $HOME/<fallback>/irt. */
static char *xdg_dir(const char *var, const char *fallback)
{
	if (env(var) && env(var)[0] == '/')
		return xasprintf("%s/irt", env(var));
	if (env("HOME"))
		return xasprintf("%s/%s/irt", env("HOME"), fallback);
	return NULL;
}

char *config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *config_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *config_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *config_hooks_dir(void)
{
	char *dir = config_dir(), *hooks;

	if (!dir)
		return NULL;
	hooks = xasprintf("%s/hooks", dir);
	free(dir);
	return hooks;
}

static void set(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

static int on_entry(void *user, const char *section, const char *name,
                    const char *value)
{
	struct config *cfg = user;

	if (strcasecmp(section, "user") == 0 && strcasecmp(name, "name") == 0)
		set(&cfg->name, value);
	else if (strcasecmp(section, "ui") == 0 &&
	         strcasecmp(name, "editor") == 0)
		set(&cfg->editor, value);
	else if (strcasecmp(section, "ui") == 0 &&
	         strcasecmp(name, "color") == 0)
		cfg->color = strcasecmp(value, "never") != 0 &&
		             strcasecmp(value, "no") != 0 &&
		             strcasecmp(value, "false") != 0;
	else if (strcasecmp(section, "notify") == 0 &&
	         strcasecmp(name, "command") == 0)
		set(&cfg->notify_command, value);
	else if (strcasecmp(section, "sign") == 0 &&
	         strcasecmp(name, "key") == 0)
		set(&cfg->sign_key, value);
	else if (strcasecmp(section, "sign") == 0 &&
	         strcasecmp(name, "allowed-signers") == 0)
		set(&cfg->allowed_signers, value);
	else if (strcasecmp(section, "sign") == 0 &&
	         strcasecmp(name, "timestamp-command") == 0)
		set(&cfg->timestamp_command, value);
	else if (strcasecmp(section, "advisory") == 0 &&
	         strcasecmp(name, "publisher") == 0)
		set(&cfg->publisher_name, value);
	else if (strcasecmp(section, "advisory") == 0 &&
	         strcasecmp(name, "namespace") == 0)
		set(&cfg->publisher_namespace, value);
	else if (strcasecmp(section, "advisory") == 0 &&
	         strcasecmp(name, "category") == 0)
		set(&cfg->publisher_category, value);
	else if (strcasecmp(section, "hooks") == 0 &&
	         strcasecmp(name, "timeout") == 0)
		set(&cfg->hooks_timeout, value);
	/* Unknown keys are kept for newer irt versions: not an error. */
	return 1;
}

enum irt_status config_load(struct config *cfg, struct irt_err *err)
{
	char *dir = config_dir();
	char *path;
	FILE *f;
	int line;

	memset(cfg, 0, sizeof *cfg);
	cfg->color = 1;
	if (!dir)
		return IRT_OK;
	path = xasprintf("%s/config", dir);
	free(dir);
	f = fopen(path, "r");
	if (!f) {
		free(path);
		return IRT_OK;
	}
	line = ini_parse_file(f, on_entry, cfg);
	fclose(f);
	cfg->path = path;
	if (line != 0)
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "%s: line %d is not valid INI", path, line);
	if (cfg->hooks_timeout) {
		const char *v = cfg->hooks_timeout;
		char *with_unit = v[0] && !v[strspn(v, "0123456789")]
		                      ? xasprintf("%ss", v)
		                      : xstrdup(v);
		int bad =
		    policy_parse_duration(with_unit, &cfg->hooks_timeout_ms);

		free(with_unit);
		if (bad || cfg->hooks_timeout_ms < 1000 ||
		    cfg->hooks_timeout_ms > POLICY_MAX_HOOKS_TIMEOUT_MS)
			return irt_err_set(
			    err, IRT_ERR_INVALID,
			    "%s: [hooks] timeout \"%.40s\" is not a duration "
			    "from 1s to 1h (10s, 90s, 2m)",
			    path, v);
	}
	return IRT_OK;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->name);
	free(cfg->editor);
	free(cfg->notify_command);
	free(cfg->sign_key);
	free(cfg->allowed_signers);
	free(cfg->timestamp_command);
	free(cfg->publisher_name);
	free(cfg->publisher_namespace);
	free(cfg->publisher_category);
	free(cfg->hooks_timeout);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

enum irt_status config_db_path(const char *cli_path, char **out,
                               struct irt_err *err)
{
	char *dir;

	*out = NULL;
	if (cli_path && cli_path[0]) {
		*out = xstrdup(cli_path);
		return IRT_OK;
	}
	if (env("IRT_DB")) {
		*out = xstrdup(env("IRT_DB"));
		return IRT_OK;
	}
	dir = config_data_dir();
	if (!dir)
		return irt_err_set(err, IRT_ERR_IO,
		                   "no place for the database: set --db, "
		                   "$IRT_DB, $XDG_DATA_HOME or $HOME");
	*out = xasprintf("%s/irt.db", dir);
	free(dir);
	return IRT_OK;
}

char *config_actor(const char *cli_actor, const struct config *cfg,
                   const char **from)
{
	struct passwd *pw;
	const char *unused;

	if (!from)
		from = &unused;
	*from = "--actor";
	if (cli_actor && cli_actor[0])
		return xstrdup(cli_actor);
	*from = "$IRT_ACTOR";
	if (env("IRT_ACTOR"))
		return xstrdup(env("IRT_ACTOR"));
	*from = "the config's [user] name";
	if (cfg && cfg->name && cfg->name[0])
		return xstrdup(cfg->name);
	*from = "$LOGNAME";
	if (env("LOGNAME"))
		return xstrdup(env("LOGNAME"));
	*from = "$USER";
	if (env("USER"))
		return xstrdup(env("USER"));
	*from = "the login name";
	pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return xstrdup(pw->pw_name);
	return xasprintf("uid%ld", (long)getuid());
}

enum irt_status config_check_actor(const char *actor, const char *from,
                                   struct irt_err *err)
{
	if (!sanitize_utf8_valid(actor, strlen(actor)))
		return irt_err_set(err, IRT_ERR_INVALID,
		                   "the actor name from %s is not valid UTF-8; "
		                   "give one with --actor NAME",
		                   from);
	for (const unsigned char *p = (const unsigned char *)actor; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return irt_err_set(err, IRT_ERR_INVALID,
			                   "the actor name from %s holds a "
			                   "control character; give one with "
			                   "--actor NAME",
			                   from);
	return IRT_OK;
}

char *config_editor(const struct config *cfg)
{
	if (cfg && cfg->editor && cfg->editor[0])
		return xstrdup(cfg->editor);
	if (env("VISUAL"))
		return xstrdup(env("VISUAL"));
	if (env("EDITOR"))
		return xstrdup(env("EDITOR"));
	return xstrdup("vi");
}

const char *config_notify_command(const struct config *cfg)
{
	if (cfg && cfg->notify_command && cfg->notify_command[0])
		return cfg->notify_command;
	return "sendmail -t -oi";
}

int config_color(const struct config *cfg)
{
	const char *no_color = getenv("NO_COLOR");

	if (no_color && no_color[0])
		return 0;
	return cfg ? cfg->color : 1;
}

/* value with a leading "~/" made $HOME's (malloc'd); NULL for NULL or "". */
static char *home_path(const char *value)
{
	const char *home = getenv("HOME");

	if (!value || !value[0])
		return NULL;
	if (strncmp(value, "~/", 2) == 0 && home && home[0])
		return xasprintf("%s/%s", home, value + 2);
	return xstrdup(value);
}

char *config_sign_key(const char *cli_key, const struct config *cfg)
{
	const char *env = getenv("IRT_SIGN_KEY");

	if (cli_key)
		return home_path(cli_key);
	if (env)
		return home_path(env);
	return home_path(cfg ? cfg->sign_key : NULL);
}

char *config_allowed_signers(const char *cli_path, const struct config *cfg)
{
	if (cli_path)
		return home_path(cli_path);
	return home_path(cfg ? cfg->allowed_signers : NULL);
}

const char *config_timestamp_command(const char *cli_command,
                                     const struct config *cfg)
{
	const char *cmd = cli_command;

	if (!cmd)
		cmd = cfg ? cfg->timestamp_command : NULL;
	return cmd && cmd[0] ? cmd : NULL;
}
