/*
 * The command a message leaves through (sendmail, an SMS gateway), run
 * with a time limit so that one that hangs never hangs deliver: only
 * deliver (alert_deliver.c) uses it.
 */
#ifndef PH_ALERT_GATEWAY_H
#define PH_ALERT_GATEWAY_H

/*
 * Runs cmd with sh -c, text on its standard input, its standard output
 * sent to standard error, and env (NAME, value pairs, NULL-terminated)
 * added to its environment, in a process group of its own.  When it has
 * not exited after timeout seconds the group is sent SIGTERM, then
 * SIGKILL a moment later.  0 when it read all of text and exited 0, else
 * -1 with *why (malloc'd).
 */
int gateway_run(const char *cmd, const char *const *env, const char *text,
    long timeout, char **why);

#endif
