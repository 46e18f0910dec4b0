/*
 * ph-schedule: the counselling room's calendar: term days, rooms and
 * their hours, appointments, the agenda, reminders, iCalendar.  See
 * ph-schedule(1).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "clock.h"
#include "cli.h"
#include "command.h"
#include "schedule.h"
#include "xalloc.h"

/* Its own options; a command's bits in the table below say which it
 * takes. */
enum {
	O_FROM, O_TO, O_CALENDAR, O_WITH, O_FOR, O_ROOM, O_DAYS, O_LENGTH,
	O_AT, O_URGENT, O_FOLLOWUP, O_REASON, O_NOTE, O_DAY, O_WEEK, O_AHEAD,
	O_UNIT, O_NAMES, O_CAMPAIGN, O_DUE, O_OVERDUE, O_TERM, O_TOPIC, O_BY,
	O_DATE, O_AUDIENCE, O_YEAR, O_LEADER, O_FIRST, O_SESSIONS, O_EVERY,
	O_MIN, O_MAX, O_GAPS, O_MINUTES
};
#define O(name) CMD_OPT(O_##name)

static const struct command_option options[] = {
	[O_FROM] = { "from", "DATE", "the first day", NULL, 0 },
	[O_TO] = { "to", "DATE", "the last day", NULL, 0 },
	[O_CALENDAR] = { "calendar", "FILE", "the school calendar: holidays "
	    "and make-up days", NULL, 0 },
	[O_WITH] = { "with", "NAME", "the counsellor", NULL, 0 },
	[O_FOR] = { "for", "PATH", "the unit it is for (as --unit)", NULL,
	    0 },
	[O_ROOM] = { "room", "R", "the room", NULL, 0 },
	[O_DAYS] = { "days", "N", "how many days to look at (default 14)",
	    NULL, 0 },
	[O_LENGTH] = { "length", "MIN", "minutes, 5 to 600 (default 50; a "
	    "group's 120)", NULL, 0 },
	[O_AT] = { "at", "'DATE HH:MM'", "when", NULL, 0 },
	[O_URGENT] = { "urgent", NULL, "even outside the room's hours", NULL,
	    0 },
	[O_FOLLOWUP] = { "followup-of", "CARD|CASE", "the card or case this "
	    "follows up", NULL, 0 },
	[O_REASON] = { "reason", "TEXT", "why", NULL, 0 },
	[O_NOTE] = { "note", "TEXT", "what happened", NULL, 0 },
	[O_DAY] = { "day", "DATE", "that day", NULL, 0 },
	[O_WEEK] = { "week", "DATE", "the week of that day", NULL, 0 },
	[O_AHEAD] = { "ahead", "1d", "how far ahead (12h, 30m ...)", NULL,
	    0 },
	[O_UNIT] = { "unit", "PATH", "only at or under this unit", NULL, 0 },
	[O_NAMES] = { "names", NULL, "with the people's names", NULL, 0 },
	[O_CAMPAIGN] = { "campaign", "CODE", "only this campaign's", NULL, 0 },
	[O_DUE] = { "due", NULL, "only those due", NULL, 0 },
	[O_OVERDUE] = { "overdue", NULL, "only those overdue", NULL, 0 },
	[O_TERM] = { "term", "T", "the term", NULL, 0 },
	[O_TOPIC] = { "topic", "TEXT", "what the lesson was about", NULL, 0 },
	[O_BY] = { "by", "NAME", "who did it", NULL, 0 },
	[O_DATE] = { "date", "DATE", "the day", NULL, 0 },
	[O_AUDIENCE] = { "audience", "student|staff", "who it is for", NULL,
	    0 },
	[O_YEAR] = { "year", "Y", "the school year", NULL, 0 },
	[O_LEADER] = { "leader", "NAME", "who leads the group", NULL, 0 },
	[O_FIRST] = { "first", "'DATE HH:MM'", "the first session", NULL, 0 },
	[O_SESSIONS] = { "sessions", "N", "how many sessions (default 12)",
	    NULL, 0 },
	[O_EVERY] = { "every", "1w", "how often (2w ...)", NULL, 0 },
	[O_MIN] = { "min", "N", "the fewest members (default 8)", NULL, 0 },
	[O_MAX] = { "max", "N", "the most members (default 12)", NULL, 0 },
	[O_GAPS] = { "gaps", NULL, "only the slots nobody is on duty for",
	    NULL, 0 },
	[O_MINUTES] = { "minutes", "N", "how long (default 10)", NULL, 0 },
};

/* What the options set. */
struct args {
	const char *calendar, *with, *room, *at, *followup, *reason, *note,
	    *unit, *campaign, *term, *topic, *by, *date, *audience, *year,
	    *leader, *first;
	long sessions, every, min, max;
	char from[11], to[11], day[11], week[11];
	long days, length, ahead, minutes;
	int urgent, names, due, overdue, gaps;
};

/* A duration option's value into *seconds, no shorter than least;
 * exits with EX_USAGE and what was expected when it is not one. */
static void
duration(const char *v, long least, long *seconds, const char *what)
{
	if (parse_duration(v, seconds) != 0 || *seconds < least)
		errx(EX_USAGE, "%s", what);
}

/* The options with a number, a duration or a choice for a value. */
static void
checked_option(struct args *a, int i, const char *v)
{
	char *why;

	switch (i) {
	case O_LENGTH:
		if ((a->length = cli_number("length", v)) < 5 ||
		    a->length > 600)
			errx(EX_USAGE, "--length %s: 5 to 600 minutes", v);
		break;
	case O_AHEAD:
		why = xasprintf("--ahead '%s': a duration such as 1d, 12h or "
		    "30m", v);
		duration(v, 0, &a->ahead, why);
		free(why);
		break;
	case O_EVERY:
		why = xasprintf("--every '%s': a period such as 1w or 2w", v);
		duration(v, 86400, &a->every, why);
		free(why);
		break;
	case O_AUDIENCE:
		if (strcmp(v, "student") != 0 && strcmp(v, "staff") != 0)
			errx(EX_USAGE, "--audience '%s': student or staff", v);
		a->audience = v;
		break;
	case O_DAYS: a->days = cli_number("days", v); break;
	case O_SESSIONS: a->sessions = cli_number("sessions", v); break;
	case O_MIN: a->min = cli_number("min", v); break;
	case O_MAX: a->max = cli_number("max", v); break;
	case O_MINUTES: a->minutes = cli_number("minutes", v); break;
	}
}

static void
option(void *args, int i, const char *v)
{
	struct args *a = args;

	switch (i) {
	case O_FROM: cli_date("from", v, a->from); break;
	case O_TO: cli_date("to", v, a->to); break;
	case O_DAY: cli_date("day", v, a->day); break;
	case O_WEEK: cli_date("week", v, a->week); break;
	case O_CALENDAR: a->calendar = v; break;
	case O_WITH: case O_FOR: a->with = v; break;
	case O_ROOM: a->room = v; break;
	case O_AT: a->at = v; break;
	case O_URGENT: a->urgent = 1; break;
	case O_FOLLOWUP: a->followup = v; break;
	case O_REASON: a->reason = v; break;
	case O_NOTE: a->note = v; break;
	case O_UNIT: a->unit = v; break;
	case O_NAMES: a->names = 1; break;
	case O_CAMPAIGN: a->campaign = v; break;
	case O_DUE: a->due = 1; break;
	case O_OVERDUE: a->overdue = 1; break;
	case O_TERM: a->term = v; break;
	case O_TOPIC: a->topic = v; break;
	case O_BY: a->by = v; break;
	case O_DATE: a->date = v; break;
	case O_YEAR: a->year = v; break;
	case O_LEADER: a->leader = v; break;
	case O_FIRST: a->first = v; break;
	case O_GAPS: a->gaps = 1; break;
	default: checked_option(a, i, v);
	}
}

/* The commands, as ph-schedule(1) gives them. */
COMMAND_FN(run_term_set, sched_term_set(k->db, k->cli, k->operands[0], a->from,
    a->to, a->calendar))
COMMAND_FN(run_rooms_load, sched_rooms_load(k->db, k->cli, k->operands[0]))
COMMAND_FN(run_duty_load, sched_duty_load(k->db, k->cli, k->operands[0]))
COMMAND_FN(run_duty_list, sched_duty_list(k->db, k->cli,
    a->week[0] ? a->week : NULL, a->gaps))

static int
run_free(const struct command_call *k)
{
	const struct args *a = k->args;
	struct free_opts o = { a->with, a->room, (k->given & O(FROM)) ?
	    a->from : NULL, a->days, a->length };

	return sched_free(k->db, k->cli, &o);
}

static int
run_book(const struct command_call *k)
{
	const struct args *a = k->args;
	struct book_opts o = { a->with, a->at, a->room, a->followup,
	    a->length, a->urgent };

	return sched_book(k->db, k->cli, k->operands[0], &o);
}

COMMAND_FN(run_cancel, sched_close(k->db, k->cli, k->operands[0], "cancelled",
    a->reason))
COMMAND_FN(run_done, sched_close(k->db, k->cli, k->operands[0], "done",
    a->note))
COMMAND_FN(run_noshow, sched_close(k->db, k->cli, k->operands[0], "noshow",
    NULL))
COMMAND_FN(run_waitlist_add, sched_waitlist_add(k->db, k->cli, k->operands[0],
    a->with))
COMMAND_FN(run_waitlist_list, sched_waitlist_list(k->db, k->cli, a->with))
COMMAND_FN(run_waitlist_remove, sched_waitlist_remove(k->db, k->cli,
    k->operands[0]))
COMMAND_FN(run_signin, sched_signin(k->db, k->cli, k->operands[0],
    k->operands[1], a->minutes))

static int
run_agenda(const struct command_call *k)
{
	const struct args *a = k->args;
	struct agenda_opts o = { a->with, a->room, a->day[0] ? a->day : NULL,
	    a->week[0] ? a->week : NULL };

	return sched_agenda(k->db, k->cli, &o);
}

COMMAND_FN(run_followups, sched_followups(k->db, k->cli, a->campaign, a->due,
    a->overdue))
COMMAND_FN(run_lesson_plan, sched_lesson_plan(k->db, k->cli, a->term, a->unit))
COMMAND_FN(run_lesson_record, sched_lesson_record(k->db, k->cli,
    k->operands[0], k->operands[1], a->topic, a->by))
COMMAND_FN(run_lesson_status, sched_lesson_status(k->db, k->cli, a->term,
    a->unit))
COMMAND_FN(run_visit_record, sched_visit_record(k->db, k->cli, k->operands[0],
    a->by, a->date, a->note))
COMMAND_FN(run_visit_due, sched_visit_due(k->db, k->cli, a->unit))

static int
run_group_create(const struct command_call *k)
{
	const struct args *a = k->args;
	struct group_opts g = { k->operands[0], a->room, a->leader, a->first,
	    a->sessions, (k->given & O(LENGTH)) ? a->length : 120, a->every,
	    a->min, a->max };

	return sched_group_create(k->db, k->cli, &g);
}

COMMAND_FN(run_group_join, sched_group_join(k->db, k->cli, k->operands[0],
    k->operands + 1, k->n - 1))
COMMAND_FN(run_group_attend, sched_group_attend(k->db, k->cli, k->operands[0],
    k->operands[1], k->operands + 2, k->n - 2))

static int
run_event_add(const struct command_call *k)
{
	const struct args *a = k->args;

	/* --for names the unit too, as --unit does */
	return sched_event_add(k->db, k->cli, k->operands[0], k->operands[1],
	    a->at, a->unit ? a->unit : a->with, a->audience);
}

COMMAND_FN(run_event_attend, sched_event_attend(k->db, k->cli, k->operands[0],
    k->n > 1 ? k->operands[1] : "-"))
COMMAND_FN(run_event_status, sched_event_status(k->db, k->cli, a->year))
COMMAND_FN(run_remind, sched_remind(k->db, k->cli, a->ahead))

static int
run_ics(const struct command_call *k)
{
	const struct args *a = k->args;
	struct ics_opts o = { a->room, a->with, a->unit, a->names };

	return sched_ics(k->db, k->cli, &o);
}

/* words, operands, what it does, how many operands, the options it
 * needs and those it takes besides, the database, the function */
static const struct command commands[] = {
	{ "term set", "CODE", "a term's days", 1, 1, O(FROM) | O(TO),
	    O(CALENDAR), CMD_DB_EXISTING, run_term_set },
	{ "rooms load", "FILE", "the rooms and their opening hours", 1, 1, 0,
	    0, CMD_DB_EXISTING, run_rooms_load },
	{ "duty load", "FILE", "the duty roster", 1, 1, 0, 0, CMD_DB_EXISTING,
	    run_duty_load },
	{ "duty list", "", "who is on duty when", 0, 0, 0, O(WEEK) | O(GAPS),
	    CMD_DB_EXISTING, run_duty_list },
	{ "free", "", "free slots", 0, 0, 0,
	    O(WITH) | O(ROOM) | O(FROM) | O(DAYS) | O(LENGTH),
	    CMD_DB_EXISTING, run_free },
	{ "book", "ID", "an appointment", 1, 1, O(WITH) | O(AT),
	    O(LENGTH) | O(ROOM) | O(URGENT) | O(FOLLOWUP), CMD_DB_EXISTING,
	    run_book },
	{ "cancel", "APPT", "cancel an appointment", 1, 1, 0, O(REASON),
	    CMD_DB_EXISTING, run_cancel },
	{ "done", "APPT", "an appointment held", 1, 1, 0, O(NOTE),
	    CMD_DB_EXISTING, run_done },
	{ "noshow", "APPT", "an appointment nobody came to", 1, 1, 0, 0,
	    CMD_DB_EXISTING, run_noshow },
	{ "waitlist add", "ID", "put someone on the waiting list", 1, 1, 0,
	    O(WITH), CMD_DB_EXISTING, run_waitlist_add },
	{ "waitlist list", "", "the waiting list", 0, 0, 0, O(WITH),
	    CMD_DB_EXISTING, run_waitlist_list },
	{ "waitlist remove", "ID", "take someone off the waiting list", 1, 1,
	    0, 0, CMD_DB_EXISTING, run_waitlist_remove },
	{ "signin", "ROOM ID", "sign in to a small room", 2, 2, 0,
	    O(MINUTES), CMD_DB_EXISTING, run_signin },
	{ "agenda", "", "the appointments and sessions of a day or week", 0,
	    0, 0, O(WITH) | O(ROOM) | O(DAY) | O(WEEK), CMD_DB_EXISTING,
	    run_agenda },
	{ "followups", "", "follow-ups after a red card or a crisis", 0, 0, 0,
	    O(CAMPAIGN) | O(DUE) | O(OVERDUE), CMD_DB_EXISTING,
	    run_followups },
	{ "lesson plan", "", "the lessons a term asks for", 0, 0, O(TERM),
	    O(UNIT), CMD_DB_EXISTING, run_lesson_plan },
	{ "lesson record", "CLASS DATE", "a lesson held", 2, 2, O(TOPIC),
	    O(BY), CMD_DB_EXISTING, run_lesson_record },
	{ "lesson status", "", "the lessons held against the plan", 0, 0,
	    O(TERM), O(UNIT), CMD_DB_EXISTING, run_lesson_status },
	{ "visit record", "ID", "a home visit made", 1, 1, O(BY) | O(DATE),
	    O(NOTE), CMD_DB_EXISTING, run_visit_record },
	{ "visit due", "", "the home visits due", 0, 0, 0, O(UNIT),
	    CMD_DB_EXISTING, run_visit_due },
	{ "group create", "NAME", "a group-counselling series", 1, 1,
	    O(ROOM) | O(LEADER) | O(FIRST), O(SESSIONS) | O(LENGTH) |
	    O(EVERY) | O(MIN) | O(MAX), CMD_DB_EXISTING, run_group_create },
	{ "group join", "GROUP ID...", "members of a group", 2, -1, 0, 0,
	    CMD_DB_EXISTING, run_group_join },
	{ "group attend", "GROUP SESSION ID...", "who came to a session", 3,
	    -1, 0, 0, CMD_DB_EXISTING, run_group_attend },
	{ "event add", "KIND NAME", "an event: a lecture, a theme day ...", 2,
	    2, O(AT), O(FOR) | O(UNIT) | O(AUDIENCE), CMD_DB_EXISTING,
	    run_event_add },
	{ "event attend", "EVENT [FILE]", "who came to an event", 1, 2, 0, 0,
	    CMD_DB_EXISTING, run_event_attend },
	{ "event status", "", "the events held against the policy", 0, 0, 0,
	    O(YEAR), CMD_DB_EXISTING, run_event_status },
	{ "remind", "", "reminders into the outbox (cron)", 0, 0, 0, O(AHEAD),
	    CMD_DB_EXISTING, run_remind },
	{ "ics", "", "the calendar as iCalendar", 0, 0, 0,
	    O(ROOM) | O(WITH) | O(UNIT) | O(NAMES), CMD_DB_EXISTING, run_ics },
};

COMMAND_PROGRAM("ph-schedule", "[--db FILE] COMMAND [OPTIONS]",
    .policy = 1);

int
main(int argc, char **argv)
{
	/* the defaults ph-schedule(1) gives */
	struct args a = { .days = 14, .length = 50, .ahead = 86400,
	    .every = 7 * 86400, .sessions = 12, .min = 8, .max = 12,
	    .minutes = 10 };

	return command_main(&program, argc, argv, &a);
}
