/*
 * A gateway command with a time limit.  The command runs in a process
 * group of its own so that what it started (sh's children, a sendmail
 * that forks) is killed with it; its exit is waited for with SIGCHLD
 * blocked and sigtimedwait(2), so nothing polls.
 */
#include "alert_gateway.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

/* How long a command has, after SIGTERM, before SIGKILL. */
#define KILL_GRACE_MS 2000

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
child(const char *cmd, const char *const *env, int in,
    const sigset_t *mask)
{
	setpgid(0, 0);
	if (dup2(in, 0) < 0 || dup2(2, 1) < 0)
		_exit(71);
	close(in);
	for (size_t i = 0; env[i] != NULL; i += 2)
		if (setenv(env[i], env[i + 1], 1) != 0)
			_exit(71);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Whether pid has exited by deadline (ms), left unreaped so that its
 * process group cannot be reused before it is killed. */
static int
exited_by(pid_t pid, long long deadline)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		siginfo_t si;
		long long left = deadline - now_ms();
		struct timespec ts;

		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT)
		    == 0 && si.si_pid == pid)
			return 1;
		if (left <= 0)
			return 0;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = left % 1000 * 1000000;
		(void)sigtimedwait(&chld, NULL, &ts);
	}
}

/* Writes text to fd (non-blocking) until deadline: 0, or -1 when the
 * command stopped reading or time ran out. */
static int
feed(int fd, const char *text, long long deadline)
{
	size_t len = strlen(text), off = 0;

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
		return -1;
	while (off < len) {
		struct pollfd p = { fd, POLLOUT, 0 };
		long long left = deadline - now_ms();
		ssize_t w;

		if (left <= 0 || poll(&p, 1, (int)(left > 60000 ? 60000 :
		    left)) < 0) {
			if (errno == EINTR && left > 0)
				continue;
			return -1;
		}
		if (p.revents == 0)
			continue;
		w = write(fd, text + off, len - off);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* The end of the command: its status, after killing its group when its
 * time ran out (*late). */
static int
finish(pid_t pid, long long deadline, int *late)
{
	int status = 0;

	*late = !exited_by(pid, deadline);
	if (*late) {
		kill(-pid, SIGTERM);
		(void)exited_by(pid, now_ms() + KILL_GRACE_MS);
		kill(-pid, SIGKILL);	/* whatever of it is left */
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static char *
failure(const char *cmd, int status, int late, long timeout, int fed)
{
	if (late)
		return xasprintf("'%s' did not finish in %ld seconds and was "
		    "killed", cmd, timeout);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return xasprintf("'%s' exited %d", cmd, WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		return xasprintf("'%s' was killed by signal %d", cmd,
		    WTERMSIG(status));
	return fed ? NULL : xasprintf("'%s' did not read the whole message",
	    cmd);
}

int
gateway_run(const char *cmd, const char *const *env, const char *text,
    long timeout, char **why)
{
	long long deadline = now_ms() + (long long)timeout * 1000;
	sigset_t chld, old;
	int fd[2], status, late, fed;
	pid_t pid;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (pipe(fd) != 0) {
		*why = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	sigprocmask(SIG_BLOCK, &chld, &old);
	if ((pid = fork()) < 0) {
		*why = xasprintf("fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (pid == 0) {
		close(fd[1]);
		child(cmd, env, fd[0], &old);
	}
	setpgid(pid, pid);	/* as the child does: whichever runs first */
	close(fd[0]);
	fed = feed(fd[1], text, deadline) == 0;
	close(fd[1]);
	status = finish(pid, deadline, &late);
	sigprocmask(SIG_SETMASK, &old, NULL);
	*why = failure(cmd, status, late, timeout, fed);
	return *why == NULL ? 0 : -1;
}
