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

#include "alert_policy.h"
#include "cli.h"
#include "db.h"
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
	    "      --sessions N --length MIN --every 1w [--min 8 --max 12]\n"
	    "  group join GROUP ID... | group attend GROUP SESSION ID...\n"
	    "  remind [--ahead 1d]\n"
	    "  ics [--room R | --with NAME | --unit PATH] [--names]\n"
	    "common options: --db FILE, --policy FILE, --format tsv|csv|jsonl,\n"
	    "  --encoding utf-8|gbk, --max-errors N, --help, --version\n"
	    "See ph-schedule(1).\n", out);
	exit(status);
}

enum {
	OPT_FROM = 0x200, OPT_TO, OPT_CALENDAR, OPT_WITH, OPT_ROOM, OPT_DAYS,
	OPT_LENGTH, OPT_AT, OPT_URGENT, OPT_FOLLOWUP, OPT_REASON, OPT_NOTE,
	OPT_DAY, OPT_WEEK, OPT_AHEAD, OPT_UNIT, OPT_NAMES, OPT_CAMPAIGN,
	OPT_DUE, OPT_OVERDUE, OPT_TERM, OPT_TOPIC, OPT_BY, OPT_DATE,
	OPT_AUDIENCE, OPT_YEAR, OPT_LEADER, OPT_FIRST, OPT_SESSIONS,
	OPT_EVERY, OPT_MIN, OPT_MAX, OPT_GAPS, OPT_MINUTES
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

struct args {
	const char *calendar, *with, *room, *at, *followup, *reason, *note,
	    *unit, *campaign, *term, *topic, *by, *date, *audience, *year,
	    *leader, *first;
	long sessions, every, min, max;
	char from[11], to[11], day[11], week[11];
	long days, length, ahead, minutes;
	int urgent, names, has_from, has_to, due, overdue, has_length, gaps;
};

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
	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FROM: cli_date("from", optarg, a->from); a->has_from = 1;
			break;
		case OPT_TO: cli_date("to", optarg, a->to); a->has_to = 1; break;
		case OPT_CALENDAR: a->calendar = optarg; break;
		case OPT_WITH: a->with = optarg; break;
		case OPT_ROOM: a->room = optarg; break;
		case OPT_DAYS: a->days = cli_number("days", optarg); break;
		case OPT_LENGTH:
			a->has_length = 1;
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

/* Which command, checked before any database is opened. */
static int
known(int n, char **ops, const struct args *a)
{
	const char *cmd = ops[0], *sub = n > 1 ? ops[1] : "";

	if (strcmp(cmd, "term") == 0)
		return n == 3 && strcmp(sub, "set") == 0 && a->has_from &&
		    a->has_to;
	if (strcmp(cmd, "rooms") == 0)
		return n == 3 && strcmp(sub, "load") == 0;
	if (strcmp(cmd, "duty") == 0)
		return (n == 3 && strcmp(sub, "load") == 0) || (n == 2 &&
		    strcmp(sub, "list") == 0);
	if (strcmp(cmd, "signin") == 0)
		return n == 3;
	if (strcmp(cmd, "waitlist") == 0)
		return (n == 3 && (strcmp(sub, "add") == 0 ||
		    strcmp(sub, "remove") == 0)) || (n == 2 &&
		    strcmp(sub, "list") == 0);
	if (strcmp(cmd, "book") == 0)
		return n == 2 && a->with != NULL && a->at != NULL;
	if (strcmp(cmd, "lesson") == 0)
		return (n == 2 && (strcmp(sub, "plan") == 0 ||
		    strcmp(sub, "status") == 0) && a->term != NULL) ||
		    (n == 4 && strcmp(sub, "record") == 0 && a->topic != NULL);
	if (strcmp(cmd, "group") == 0)
		return (n == 3 && strcmp(sub, "create") == 0 && a->room &&
		    a->leader && a->first) || (n >= 3 && strcmp(sub, "join") ==
		    0) || (n >= 4 && strcmp(sub, "attend") == 0);
	if (strcmp(cmd, "event") == 0)
		return (n == 4 && strcmp(sub, "add") == 0 && a->at != NULL) ||
		    ((n == 3 || n == 4) && strcmp(sub, "attend") == 0) ||
		    (n == 2 && strcmp(sub, "status") == 0);
	if (strcmp(cmd, "visit") == 0)
		return (n == 3 && strcmp(sub, "record") == 0 && a->by != NULL &&
		    a->date != NULL) || (n == 2 && strcmp(sub, "due") == 0);
	if (strcmp(cmd, "cancel") == 0 || strcmp(cmd, "done") == 0 ||
	    strcmp(cmd, "noshow") == 0)
		return n == 2;
	return n == 1 && (strcmp(cmd, "free") == 0 ||
	    strcmp(cmd, "agenda") == 0 || strcmp(cmd, "remind") == 0 ||
	    strcmp(cmd, "followups") == 0 ||
	    strcmp(cmd, "ics") == 0);
}

static int
run(sqlite3 *db, const struct cli *c, const struct args *a, int n,
    char **ops)
{
	const char *cmd = ops[0];

	if (strcmp(cmd, "group") == 0) {
		struct group_opts g = { ops[2], a->room, a->leader, a->first,
		    a->sessions, a->has_length ? a->length : 120, a->every,
		    a->min, a->max };
		if (strcmp(ops[1], "create") == 0)
			return sched_group_create(db, c, &g);
		if (strcmp(ops[1], "join") == 0)
			return sched_group_join(db, c, ops[2], ops + 3, n - 3);
		return sched_group_attend(db, c, ops[2], ops[3], ops + 4, n - 4);
	}
	if (strcmp(cmd, "term") == 0)
		return sched_term_set(db, c, ops[2], a->from, a->to,
		    a->calendar);
	if (strcmp(cmd, "rooms") == 0)
		return sched_rooms_load(db, c, ops[2]);
	if (strcmp(cmd, "signin") == 0)
		return sched_signin(db, c, ops[1], ops[2], a->minutes);
	if (strcmp(cmd, "waitlist") == 0)
		return strcmp(ops[1], "add") == 0 ? sched_waitlist_add(db, c,
		    ops[2], a->with) : strcmp(ops[1], "remove") == 0 ?
		    sched_waitlist_remove(db, c, ops[2]) :
		    sched_waitlist_list(db, c, a->with);
	if (strcmp(cmd, "duty") == 0)
		return strcmp(ops[1], "load") == 0 ? sched_duty_load(db, c,
		    ops[2]) : sched_duty_list(db, c, a->week[0] ? a->week : NULL,
		    a->gaps);
	if (strcmp(cmd, "book") == 0) {
		struct book_opts o = { a->with, a->at, a->room, a->followup,
		    a->length, a->urgent };
		return sched_book(db, c, ops[1], &o);
	}
	if (strcmp(cmd, "cancel") == 0)
		return sched_close(db, c, ops[1], "cancelled", a->reason);
	if (strcmp(cmd, "done") == 0)
		return sched_close(db, c, ops[1], "done", a->note);
	if (strcmp(cmd, "noshow") == 0)
		return sched_close(db, c, ops[1], "noshow", NULL);
	if (strcmp(cmd, "free") == 0) {
		struct free_opts o = { a->with, a->room, a->has_from ? a->from :
		    NULL, a->days, a->length };
		return sched_free(db, c, &o);
	}
	if (strcmp(cmd, "agenda") == 0) {
		struct agenda_opts o = { a->with, a->room, a->day[0] ? a->day :
		    NULL, a->week[0] ? a->week : NULL };
		return sched_agenda(db, c, &o);
	}
	if (strcmp(cmd, "remind") == 0)
		return sched_remind(db, c, a->ahead);
	if (strcmp(cmd, "lesson") == 0)
		return strcmp(ops[1], "plan") == 0 ? sched_lesson_plan(db, c,
		    a->term, a->unit) : strcmp(ops[1], "status") == 0 ?
		    sched_lesson_status(db, c, a->term, a->unit) :
		    sched_lesson_record(db, c, ops[2], ops[3], a->topic, a->by);
	if (strcmp(cmd, "event") == 0)
		return strcmp(ops[1], "add") == 0 ? sched_event_add(db, c,
		    ops[2], ops[3], a->at, a->unit ? a->unit : a->with,
		    a->audience) :
		    strcmp(ops[1], "attend") == 0 ? sched_event_attend(db, c,
		    ops[2], ops[3] ? ops[3] : "-") : sched_event_status(db, c,
		    a->year);
	if (strcmp(cmd, "visit") == 0)
		return strcmp(ops[1], "due") == 0 ? sched_visit_due(db, c,
		    a->unit) : sched_visit_record(db, c, ops[2], a->by, a->date,
		    a->note);
	if (strcmp(cmd, "followups") == 0)
		return sched_followups(db, c, a->campaign, a->due, a->overdue);
	{
		struct ics_opts o = { a->room, a->with, a->unit, a->names };
		return sched_ics(db, c, &o);
	}
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct args a;
	sqlite3 *db;
	char **ops;
	int n, rc;

	memset(&a, 0, sizeof(a));
	cli_init(&c, usage);
	n = parse(&c, &a, argc, argv, &ops);
	if (n == 0 || !known(n, ops, &a)) {
		if (n > 0)
			warnx("unknown command or missing argument: '%s'",
			    ops[0]);
		free(ops);
		usage(EX_USAGE);
	}
	if ((rc = db_open(db_path(c.db), DB_EXISTING, &db)) == 0) {
		rc = run(db, &c, &a, n, ops);
		db_close(db);
	}
	free(ops);
	return cli_finish(&c, rc);
}
