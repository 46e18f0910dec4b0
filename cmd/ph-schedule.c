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

static void usage(int status) __attribute__((noreturn));

static void
usage(int status)
{
	FILE *out = status ? stderr : stdout;

	fputs("usage: ph-schedule [--db FILE] COMMAND [OPTIONS]\n"
	    "  term set CODE --from DATE --to DATE [--calendar FILE]\n"
	    "  rooms load FILE\n"
	    "  duty load FILE | duty list [--week DATE] [--gaps]\n"
	    "  free [--with NAME] [--room R] [--from DATE] [--days N] "
	    "[--length MIN]\n"
	    "  book ID --with NAME --at 'DATE HH:MM' [--length MIN] [--room R]\n"
	    "      [--urgent] [--followup-of CARD|CASE]\n"
	    "  cancel APPT [--reason TEXT] | done APPT [--note TEXT] | "
	    "noshow APPT\n"
	    "  waitlist add ID [--with NAME] | waitlist list [--with NAME] |\n"
	    "      waitlist remove ID\n"
	    "  signin ROOM ID [--minutes 10]\n"
	    "  agenda [--with NAME] [--room R] [--day DATE] [--week DATE]\n"
	    "  followups [--campaign CODE] [--due] [--overdue]\n"
	    "  lesson plan --term T [--unit PATH] | lesson status --term T "
	    "[--unit PATH]\n"
	    "  lesson record CLASS DATE --topic TEXT [--by NAME]\n"
	    "  visit record ID --by NAME --date DATE [--note TEXT] | visit due "
	    "[--unit PATH]\n"
	    "  event add KIND NAME --at 'DATE HH:MM' [--for PATH] "
	    "[--audience student|staff]\n"
	    "  event attend EVENT [FILE] | event status [--year Y]\n"
	    "  group create NAME --room R --leader NAME --first 'DATE HH:MM'\n"
	    "      [--sessions 12] [--length 120] [--every 1w] [--min 8] "
	    "[--max 12]\n"
	    "  group join GROUP ID... | group attend GROUP SESSION ID...\n"
	    "  remind [--ahead 1d]\n"
	    "  ics [--room R | --with NAME | --unit PATH] [--names]\n"
	    "common options: --db FILE, --policy FILE, --format tsv|csv|jsonl,\n"
	    "  --encoding utf-8|gbk, --max-errors N, --help, --version\n"
	    "See ph-schedule(1).\n", out);
	exit(status);
}

enum {
	/* the options whose presence counts: a bit each in given */
	OPT_FROM = 0x200, OPT_TO, OPT_WITH, OPT_AT, OPT_ROOM, OPT_TERM,
	OPT_TOPIC, OPT_BY, OPT_DATE, OPT_LEADER, OPT_FIRST, OPT_LENGTH,
	/* the others, only their values (given has too few bits for all) */
	OPT_CALENDAR, OPT_DAYS, OPT_URGENT, OPT_FOLLOWUP, OPT_REASON,
	OPT_NOTE, OPT_DAY, OPT_WEEK, OPT_AHEAD, OPT_UNIT, OPT_NAMES,
	OPT_CAMPAIGN, OPT_DUE, OPT_OVERDUE, OPT_AUDIENCE, OPT_YEAR,
	OPT_SESSIONS, OPT_EVERY, OPT_MIN, OPT_MAX, OPT_GAPS, OPT_MINUTES
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_POLICY_OPTION,
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "calendar", required_argument, NULL, OPT_CALENDAR },
	{ "with", required_argument, NULL, OPT_WITH },
	{ "for", required_argument, NULL, OPT_WITH },
	{ "room", required_argument, NULL, OPT_ROOM },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "length", required_argument, NULL, OPT_LENGTH },
	{ "at", required_argument, NULL, OPT_AT },
	{ "urgent", no_argument, NULL, OPT_URGENT },
	{ "followup-of", required_argument, NULL, OPT_FOLLOWUP },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "day", required_argument, NULL, OPT_DAY },
	{ "week", required_argument, NULL, OPT_WEEK },
	{ "ahead", required_argument, NULL, OPT_AHEAD },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "names", no_argument, NULL, OPT_NAMES },
	{ "campaign", required_argument, NULL, OPT_CAMPAIGN },
	{ "due", no_argument, NULL, OPT_DUE },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "term", required_argument, NULL, OPT_TERM },
	{ "topic", required_argument, NULL, OPT_TOPIC },
	{ "by", required_argument, NULL, OPT_BY },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "audience", required_argument, NULL, OPT_AUDIENCE },
	{ "year", required_argument, NULL, OPT_YEAR },
	{ "leader", required_argument, NULL, OPT_LEADER },
	{ "first", required_argument, NULL, OPT_FIRST },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "gaps", no_argument, NULL, OPT_GAPS },
	{ "minutes", required_argument, NULL, OPT_MINUTES },
	{ NULL, 0, NULL, 0 }
};

/* What the subcommands' options set. */
struct args {
	const char *calendar, *with, *room, *at, *followup, *reason, *note,
	    *unit, *campaign, *term, *topic, *by, *date, *audience, *year,
	    *leader, *first;
	long sessions, every, min, max;
	char from[11], to[11], day[11], week[11];
	long days, length, ahead, minutes;
	int urgent, names, due, overdue, gaps;
	unsigned given;		/* a bit per counted option, as option_names */
};

/* The options whose presence counts, in the order of their enum. */
static const char *const option_names[] = { "from", "to", "with", "at",
    "room", "term", "topic", "by", "date", "leader", "first", "length" };
#define NEEDS(o) (1u << ((o) - OPT_FROM))
#define GIVEN(a, o) (((a)->given & NEEDS(o)) != 0)
_Static_assert(sizeof(option_names) / sizeof(option_names[0]) ==
    OPT_LENGTH - OPT_FROM + 1, "a name for each counted option");

/* Options before or after the command; the rest are operands. */
static int
parse(struct cli *c, struct args *a, int argc, char **argv, char ***ops)
{
	char **list = calloc((size_t)argc + 1, sizeof(*list));
	int opt, n = 0;

	if (list == NULL)
		err(EX_OSERR, NULL);
	a->days = 14;
	a->length = 50;
	a->ahead = 86400;
	a->every = 7 * 86400;
	a->sessions = 12;
	a->min = 8;
	a->max = 12;
	a->minutes = 10;
	cli_reset_getopt();
	/* GNU getopt permutes: operands are gathered after the options */
	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		if (opt >= OPT_FROM && opt <= OPT_LENGTH)
			a->given |= NEEDS(opt);
		switch (opt) {
		case OPT_FROM: cli_date("from", optarg, a->from); break;
		case OPT_TO: cli_date("to", optarg, a->to); break;
		case OPT_CALENDAR: a->calendar = optarg; break;
		case OPT_WITH: a->with = optarg; break;
		case OPT_ROOM: a->room = optarg; break;
		case OPT_DAYS: a->days = cli_number("days", optarg); break;
		case OPT_LENGTH:
			if ((a->length = cli_number("length", optarg)) < 5 ||
			    a->length > 600)
				errx(EX_USAGE, "--length %s: 5 to 600 minutes",
				    optarg);
			break;
		case OPT_AT: a->at = optarg; break;
		case OPT_URGENT: a->urgent = 1; break;
		case OPT_FOLLOWUP: a->followup = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_DAY: cli_date("day", optarg, a->day); break;
		case OPT_WEEK: cli_date("week", optarg, a->week); break;
		case OPT_AHEAD:
			if (parse_duration(optarg, &a->ahead) != 0)
				errx(EX_USAGE, "--ahead '%s': a duration such as "
				    "1d, 12h or 30m", optarg);
			break;
		case OPT_UNIT: a->unit = optarg; break;
		case OPT_NAMES: a->names = 1; break;
		case OPT_CAMPAIGN: a->campaign = optarg; break;
		case OPT_DUE: a->due = 1; break;
		case OPT_OVERDUE: a->overdue = 1; break;
		case OPT_TERM: a->term = optarg; break;
		case OPT_TOPIC: a->topic = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_AUDIENCE:
			if (strcmp(optarg, "student") != 0 &&
			    strcmp(optarg, "staff") != 0)
				errx(EX_USAGE, "--audience '%s': student or "
				    "staff", optarg);
			a->audience = optarg;
			break;
		case OPT_YEAR: a->year = optarg; break;
		case OPT_LEADER: a->leader = optarg; break;
		case OPT_FIRST: a->first = optarg; break;
		case OPT_SESSIONS: a->sessions = cli_number("sessions", optarg);
			break;
		case OPT_EVERY:
			if (parse_duration(optarg, &a->every) != 0 ||
			    a->every < 86400)
				errx(EX_USAGE, "--every '%s': a period such as "
				    "1w or 2w", optarg);
			break;
		case OPT_MIN: a->min = cli_number("min", optarg); break;
		case OPT_MAX: a->max = cli_number("max", optarg); break;
		case OPT_GAPS: a->gaps = 1; break;
		case OPT_MINUTES: a->minutes = cli_number("minutes", optarg);
			break;
		default: usage(EX_USAGE);
		}
	}
	while (optind < argc)
		list[n++] = argv[optind++];
	*ops = list;
	return n;
}

/* The commands, as ph-schedule(1) gives them. */
static int
run_term_set(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_term_set(k->db, k->cli, k->operands[0], a->from, a->to,
	    a->calendar);
}

static int
run_rooms_load(const struct command_call *k)
{
	return sched_rooms_load(k->db, k->cli, k->operands[0]);
}

static int
run_duty_load(const struct command_call *k)
{
	return sched_duty_load(k->db, k->cli, k->operands[0]);
}

static int
run_duty_list(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_duty_list(k->db, k->cli, a->week[0] ? a->week : NULL,
	    a->gaps);
}

static int
run_free(const struct command_call *k)
{
	const struct args *a = k->args;
	struct free_opts o = { a->with, a->room, GIVEN(a, OPT_FROM) ?
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

static int
run_cancel(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_close(k->db, k->cli, k->operands[0], "cancelled",
	    a->reason);
}

static int
run_done(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_close(k->db, k->cli, k->operands[0], "done", a->note);
}

static int
run_noshow(const struct command_call *k)
{
	return sched_close(k->db, k->cli, k->operands[0], "noshow", NULL);
}

static int
run_waitlist_add(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_waitlist_add(k->db, k->cli, k->operands[0], a->with);
}

static int
run_waitlist_list(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_waitlist_list(k->db, k->cli, a->with);
}

static int
run_waitlist_remove(const struct command_call *k)
{
	return sched_waitlist_remove(k->db, k->cli, k->operands[0]);
}

static int
run_signin(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_signin(k->db, k->cli, k->operands[0], k->operands[1],
	    a->minutes);
}

static int
run_agenda(const struct command_call *k)
{
	const struct args *a = k->args;
	struct agenda_opts o = { a->with, a->room, a->day[0] ? a->day : NULL,
	    a->week[0] ? a->week : NULL };

	return sched_agenda(k->db, k->cli, &o);
}

static int
run_followups(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_followups(k->db, k->cli, a->campaign, a->due,
	    a->overdue);
}

static int
run_lesson_plan(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_lesson_plan(k->db, k->cli, a->term, a->unit);
}

static int
run_lesson_record(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_lesson_record(k->db, k->cli, k->operands[0],
	    k->operands[1], a->topic, a->by);
}

static int
run_lesson_status(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_lesson_status(k->db, k->cli, a->term, a->unit);
}

static int
run_visit_record(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_visit_record(k->db, k->cli, k->operands[0], a->by,
	    a->date, a->note);
}

static int
run_visit_due(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_visit_due(k->db, k->cli, a->unit);
}

static int
run_group_create(const struct command_call *k)
{
	const struct args *a = k->args;
	struct group_opts g = { k->operands[0], a->room, a->leader, a->first,
	    a->sessions, GIVEN(a, OPT_LENGTH) ? a->length : 120, a->every,
	    a->min, a->max };

	return sched_group_create(k->db, k->cli, &g);
}

static int
run_group_join(const struct command_call *k)
{
	return sched_group_join(k->db, k->cli, k->operands[0],
	    k->operands + 1, k->n - 1);
}

static int
run_group_attend(const struct command_call *k)
{
	return sched_group_attend(k->db, k->cli, k->operands[0],
	    k->operands[1], k->operands + 2, k->n - 2);
}

static int
run_event_add(const struct command_call *k)
{
	const struct args *a = k->args;

	/* --for names the unit too, as --unit does */
	return sched_event_add(k->db, k->cli, k->operands[0], k->operands[1],
	    a->at, a->unit ? a->unit : a->with, a->audience);
}

static int
run_event_attend(const struct command_call *k)
{
	return sched_event_attend(k->db, k->cli, k->operands[0],
	    k->n > 1 ? k->operands[1] : "-");
}

static int
run_event_status(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_event_status(k->db, k->cli, a->year);
}

static int
run_remind(const struct command_call *k)
{
	const struct args *a = k->args;

	return sched_remind(k->db, k->cli, a->ahead);
}

static int
run_ics(const struct command_call *k)
{
	const struct args *a = k->args;
	struct ics_opts o = { a->room, a->with, a->unit, a->names };

	return sched_ics(k->db, k->cli, &o);
}

static const struct command commands[] = {
	{ "term set", 1, 1, NEEDS(OPT_FROM) | NEEDS(OPT_TO), CMD_DB_EXISTING,
	    run_term_set },
	{ "rooms load", 1, 1, 0, CMD_DB_EXISTING, run_rooms_load },
	{ "duty load", 1, 1, 0, CMD_DB_EXISTING, run_duty_load },
	{ "duty list", 0, 0, 0, CMD_DB_EXISTING, run_duty_list },
	{ "free", 0, 0, 0, CMD_DB_EXISTING, run_free },
	{ "book", 1, 1, NEEDS(OPT_WITH) | NEEDS(OPT_AT), CMD_DB_EXISTING,
	    run_book },
	{ "cancel", 1, 1, 0, CMD_DB_EXISTING, run_cancel },
	{ "done", 1, 1, 0, CMD_DB_EXISTING, run_done },
	{ "noshow", 1, 1, 0, CMD_DB_EXISTING, run_noshow },
	{ "waitlist add", 1, 1, 0, CMD_DB_EXISTING, run_waitlist_add },
	{ "waitlist list", 0, 0, 0, CMD_DB_EXISTING, run_waitlist_list },
	{ "waitlist remove", 1, 1, 0, CMD_DB_EXISTING, run_waitlist_remove },
	{ "signin", 2, 2, 0, CMD_DB_EXISTING, run_signin },
	{ "agenda", 0, 0, 0, CMD_DB_EXISTING, run_agenda },
	{ "followups", 0, 0, 0, CMD_DB_EXISTING, run_followups },
	{ "lesson plan", 0, 0, NEEDS(OPT_TERM), CMD_DB_EXISTING,
	    run_lesson_plan },
	{ "lesson record", 2, 2, NEEDS(OPT_TOPIC), CMD_DB_EXISTING,
	    run_lesson_record },
	{ "lesson status", 0, 0, NEEDS(OPT_TERM), CMD_DB_EXISTING,
	    run_lesson_status },
	{ "visit record", 1, 1, NEEDS(OPT_BY) | NEEDS(OPT_DATE),
	    CMD_DB_EXISTING, run_visit_record },
	{ "visit due", 0, 0, 0, CMD_DB_EXISTING, run_visit_due },
	{ "group create", 1, 1, NEEDS(OPT_ROOM) | NEEDS(OPT_LEADER) |
	    NEEDS(OPT_FIRST), CMD_DB_EXISTING, run_group_create },
	{ "group join", 2, -1, 0, CMD_DB_EXISTING, run_group_join },
	{ "group attend", 3, -1, 0, CMD_DB_EXISTING, run_group_attend },
	{ "event add", 2, 2, NEEDS(OPT_AT), CMD_DB_EXISTING, run_event_add },
	{ "event attend", 1, 2, 0, CMD_DB_EXISTING, run_event_attend },
	{ "event status", 0, 0, 0, CMD_DB_EXISTING, run_event_status },
	{ "remind", 0, 0, 0, CMD_DB_EXISTING, run_remind },
	{ "ics", 0, 0, 0, CMD_DB_EXISTING, run_ics },
};

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	struct command_options o = { 0, option_names, NULL };
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0) {
		free(ops);
		usage(EX_USAGE);
	}
	o.given = a.given;
	rc = command_run(&c, commands, sizeof(commands) / sizeof(commands[0]),
	    &o, ops, n, &a);
	free(ops);
	return cli_finish(&c, rc);
}
