/*
 * config.h - where irt keeps things and who is acting (DESIGN §4).
 *
 * Database: --db PATH > $IRT_DB > $XDG_DATA_HOME/irt/irt.db (default
 * ~/.local/share/irt/irt.db). Personal settings: $XDG_CONFIG_HOME/irt/config
 * (default ~/.config/irt/config), an INI file:
 *
 *   [user]
 *   name = alice          ; the actor recorded on your changes
 *   [ui]
 *   editor = vim          ; instead of $VISUAL / $EDITOR
 *   color = auto          ; auto | never
 *   [notify]
 *   command = sendmail -t -oi ; how `irt notify --send` delivers
 *   [sign]
 *   key = ~/.ssh/id_ed25519   ; what irt signs with (sign.h)
 *   allowed-signers = ~/.config/irt/allowed_signers ; who may sign
 *   timestamp-command = curl -s --data-binary @- -H ... URL
 *                             ; asks an RFC 3161 authority (tsa.h)
 *   [advisory]
 *   publisher = Example Corp PSIRT ; who publishes the CSAF advisories
 *   namespace = https://psirt.example.com ; the publisher's URL
 *   category = vendor         ; CSAF publisher category (default vendor)
 *   [hooks]
 *   timeout = 10s             ; how long each hook may run (hooks.h),
 *                             ; instead of the policy's hooks.timeout
 *
 * Actor: --actor > $IRT_ACTOR > [user] name > login name.
 */
#ifndef IRT_CONFIG_H
#define IRT_CONFIG_H

#include <stdint.h>

#include "irt/status.h"

struct config {
	char *name;                /* [user] name, or NULL */
	char *editor;              /* [ui] editor, or NULL */
	int color;                 /* 0 never, 1 auto (default) */
	char *notify_command;      /* [notify] command, or NULL */
	char *sign_key;            /* [sign] key, or NULL */
	char *allowed_signers;     /* [sign] allowed-signers, or NULL */
	char *timestamp_command;   /* [sign] timestamp-command, or NULL */
	char *publisher_name;      /* [advisory] publisher, or NULL */
	char *publisher_namespace; /* [advisory] namespace, or NULL */
	char *publisher_category;  /* [advisory] category, or NULL */
	char *hooks_timeout;       /* [hooks] timeout as written, or NULL */
	int64_t hooks_timeout_ms;  /* that, parsed; 0 when not set */
	char *path;                /* the file read, or NULL when none */
};

/*
 * Reads the config file into cfg (zeroed first). A missing file is not an
 * error; a malformed one is IRT_ERR_INVALID naming the file and line.
 * Free with config_free.
 */
enum irt_status config_load(struct config *cfg, struct irt_err *err);
void config_free(struct config *cfg);

/*
 * The database path (malloc'd) from --db (cli_path, may be NULL) and the
 * environment. IRT_ERR_IO when neither $XDG_DATA_HOME nor $HOME is set.
 */
enum irt_status config_db_path(const char *cli_path, char **out,
                               struct irt_err *err);

/* The directory for personal files: $XDG_CONFIG_HOME/irt (malloc'd), or
 * NULL when neither it nor $HOME is set. */
char *config_dir(void);

/* Where irt keeps logs: $XDG_STATE_HOME/irt (default
 * ~/.local/state/irt; malloc'd), or NULL. The TUI's hooks.log. */
char *config_state_dir(void);

/* The personal hooks directory, config_dir()/hooks (malloc'd), or NULL. */
char *config_hooks_dir(void);

/* The directory for irt's data files: $XDG_DATA_HOME/irt (malloc'd), or
 * NULL. Drafts of unfinished notes live here. */
char *config_data_dir(void);

/* The actor (malloc'd): cli_actor > $IRT_ACTOR > cfg name > login name.
 * *from (if from is not NULL) names where it came from, for messages. */
char *config_actor(const char *cli_actor, const struct config *cfg,
                   const char **from);

/* IRT_ERR_INVALID, naming `from`, unless actor is valid UTF-8 without
 * control characters: it enters every record the actor makes. */
enum irt_status config_check_actor(const char *actor, const char *from,
                                   struct irt_err *err);

/* The editor command (malloc'd): cfg > $VISUAL > $EDITOR > "vi". */
char *config_editor(const struct config *cfg);

/*
 * The command `irt notify --send` pipes a message to: [notify] command,
 * else "sendmail -t -oi" (recipients from the To header; -oi: a line
 * holding only "." is text, not the end of the message). Points into cfg
 * or at a constant; not to be freed.
 */
const char *config_notify_command(const struct config *cfg);

/*
 * The SSH key to sign with (malloc'd), or NULL for none: cli_key
 * (--sign-key) > $IRT_SIGN_KEY > [sign] key. A leading "~/" is $HOME.
 * An empty value means none.
 */
char *config_sign_key(const char *cli_key, const struct config *cfg);

/* The allowed-signers file (malloc'd), or NULL: cli_path
 * (--allowed-signers) > [sign] allowed-signers; "~/" as above. */
char *config_allowed_signers(const char *cli_path, const struct config *cfg);

/*
 * The command that time-stamps checkpoints (tsa.h), or NULL for none:
 * cli_command (--timestamp-command) > [sign] timestamp-command. An empty
 * value means none. Points into its arguments; not to be freed.
 */
const char *config_timestamp_command(const char *cli_command,
                                     const struct config *cfg);

/* Whether colour is wanted: not with $NO_COLOR set (any value) or
 * color = never. */
int config_color(const struct config *cfg);

#endif
