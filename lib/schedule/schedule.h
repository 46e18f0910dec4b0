/*
 * ph-schedule's operations: the term calendar (schedule_calendar.c),
 * rooms and their openings (schedule_rooms.c), appointments
 * (schedule_book.c), free slots (schedule_free.c), the agenda
 * (schedule_agenda.c), iCalendar (schedule_ics.c) and reminders
 * (schedule_remind.c).  Each returns 0 or a sysexits code after its
 * messages on stderr.
 */
#ifndef PH_SCHEDULE_H
#define PH_SCHEDULE_H
#include <sqlite3.h>
#include <time.h>

#include "calendar.h"
#include "cli.h"
#include "diag.h"
#include "rec.h"

/* term set CODE --from DATE --to DATE [--calendar FILE] */
int sched_term_set(sqlite3 *db, const struct cli *c, const char *code,
    const char *from, const char *to, const char *calendar);
/* rooms load FILE */
int sched_rooms_load(sqlite3 *db, const struct cli *c, const char *file);
/* Each school's open hours per weekday against the policy
 * (schedule_rooms.c). */
sqlite3_stmt *sched_hours(sqlite3 *db, const struct cli *c, int *rc);
/* Moves day ("YYYY-MM-DD") to the next through next, a prepared
 * sql_sched_next_day: 0 or a sysexits code. */
int sched_next_day(sqlite3 *db, sqlite3_stmt *next, char day[11]);

/* A counsellor by name, the contact holding the counsellor role now:
 * 0 with *id, DB_NONE when nobody has the name, SCHED_SEVERAL when
 * several have it, or a sysexits code. */
#define SCHED_SEVERAL (-2)
int sched_counsellor(sqlite3 *db, const char *name, long long *id);
/* The same for --with NAME, saying what is wrong (hint after "no
 * counsellor of that name"): 0, EX_DATAERR or a sysexits code. */
int sched_counsellor_with(sqlite3 *db, const char *with, const char *hint,
    long long *id);

/* waitlist add ID [--with NAME] | list | remove ID (schedule_waitlist.c);
 * sched_waitlist_booked closes a person's entry inside book's
 * transaction, sched_waitlist_offer offers a cancelled slot. */
int sched_waitlist_add(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *with);
int sched_waitlist_list(sqlite3 *db, const struct cli *c, const char *with);
int sched_waitlist_remove(sqlite3 *db, const struct cli *c,
    const char *person_no);
int sched_waitlist_booked(sqlite3 *db, const struct cli *c, long long person);
int sched_waitlist_offer(sqlite3 *db, const struct cli *c, long long appt);

/* signin ROOM ID [--minutes N] (schedule_signin.c) */
int sched_signin(sqlite3 *db, const struct cli *c, const char *room,
    const char *person_no, long minutes);

struct book_opts {
	const char *with, *at, *room, *followup_of;
	long length;		/* minutes */
	int urgent;
};
int sched_book(sqlite3 *db, const struct cli *c, const char *person_no,
    const struct book_opts *o);
/* cancel, done, noshow */
int sched_close(sqlite3 *db, const struct cli *c, const char *appt,
    const char *status, const char *text);

struct free_opts {
	const char *with, *room, *from;
	long days, length;
};
int sched_free(sqlite3 *db, const struct cli *c, const struct free_opts *o);

/* The Monday and Sunday of week's week (a date; NULL: this week): 0, -1
 * after a message when week is not a date, or a sysexits code. */
int sched_week(sqlite3 *db, const struct cli *c, const char *week,
    char first[11], char last[11]);
/* ISO weekday (1 Monday .. 7 Sunday) of a local time (schedule_time.c). */
int sched_weekday(time_t t);
/* "HH:MM" of a local time. */
void sched_hhmm(time_t t, char out[6]);
/* 1-7 from 1, 周一, 星期一, 礼拜一, Mon, Monday: 0 when not one. */
int sched_parse_weekday(const char *s);
/* "17:30" or "17:30:00" or "1730" into "17:30"; 0 or -1. */
int sched_parse_hhmm(const char *s, char out[6]);

/* duty load FILE | duty list [--week DATE] [--gaps] (schedule_duty.c) */
int sched_duty_load(sqlite3 *db, const struct cli *c, const char *file);
int sched_duty_list(sqlite3 *db, const struct cli *c, const char *week,
    int gaps_only);

struct agenda_opts {
	const char *with, *room, *day, *week;
};
int sched_agenda(sqlite3 *db, const struct cli *c, const struct agenda_opts *o);

struct ics_opts {
	const char *room, *with, *unit;
	int names;
};
int sched_ics(sqlite3 *db, const struct cli *c, const struct ics_opts *o);

/* One step a red card requires by the policy's followups.red. */
struct followup_step {
	long long person, appt;	/* appt: the one meeting it, or 0 */
	const char *person_no, *name, *unit, *campaign, *step_text;
	size_t step;		/* 0: the first talk */
	char due[11];
	char appt_day[11];	/* the day of appt, or "" */
	const char *state;	/* done, booked, overdue, due */
};
/* Which red cards a walk reads: all; those that can still have a step
 * falling due (reminders); those old enough to have one overdue (gaps). */
enum followup_scope { FOLLOWUP_ALL, FOLLOWUP_AHEAD, FOLLOWUP_LATE };
/* Calls fn for every step of every red card of campaign (the latest when
 * NULL) in scope, until fn returns other than 0; 0 or that, or a
 * sysexits code. */
int sched_followup_walk(sqlite3 *db, const struct cli *c,
    const char *campaign, enum followup_scope scope,
    int (*fn)(void *ctx, const struct followup_step *s), void *ctx);
/* The red cards' first talks of a campaign, counted per unit (path, in
 * the order of the unit tree): red cards, seen in time (on or before the
 * due day), seen late, booked, overdue (not booked, due day gone) and not
 * yet due; the numbers a walk of every card gives, from one pass. */
enum { FT_RED, FT_IN_TIME, FT_LATE, FT_BOOKED, FT_OVERDUE, FT_NOT_DUE,
	FT_COUNT };
struct first_talks {
	long long campaign;	/* its id; 0: the file has none */
	struct first_talk_row {
		char *unit;
		long long v[FT_COUNT];
	} *rows;
	size_t n, cap;
};
/* Those of campaign (the latest when NULL) into t: 0 or a sysexits code
 * (t empty then). */
int sched_first_talks(sqlite3 *db, const struct cli *c, const char *campaign,
    struct first_talks *t);
void sched_first_talks_free(struct first_talks *t);
/* followups [--campaign C] [--due] [--overdue] (schedule_followups.c) */
int sched_followups(sqlite3 *db, const struct cli *c, const char *campaign,
    int due_only, int overdue_only);

/* Lessons and home visits (schedule_lessons.c). */
int sched_lesson_plan(sqlite3 *db, const struct cli *c, const char *term,
    const char *unit);
int sched_lesson_record(sqlite3 *db, const struct cli *c, const char *cls,
    const char *day, const char *topic, const char *by);
int sched_lesson_status(sqlite3 *db, const struct cli *c, const char *term,
    const char *unit);
int sched_visit_record(sqlite3 *db, const struct cli *c, const char *person_no,
    const char *by, const char *day, const char *note);
int sched_visit_due(sqlite3 *db, const struct cli *c, const char *unit);
/* The rows of lesson status (class, planned, held, due by now, minimum,
 * 'ok' or 'behind') for term (NULL: today's, else the latest; no term:
 * *out NULL) at or under path. */
int sched_lesson_status_stmt(sqlite3 *db, const struct cli *c,
    const char *term, const char *path, sqlite3_stmt **out);
/* Per class: pupils, and how many of their families were visited this
 * school year. */
sqlite3_stmt *sched_visits_stmt(sqlite3 *db, const struct cli *c);

/* Events (schedule_events.c); the label of a kind, in Chinese. */
const char *sched_event_label(const char *kind);
int sched_event_add(sqlite3 *db, const struct cli *c, const char *kind,
    const char *name, const char *at, const char *unit, const char *audience);
int sched_event_attend(sqlite3 *db, const struct cli *c, const char *event,
    const char *file);
int sched_event_status(sqlite3 *db, const struct cli *c, const char *year);
/* Its rows: target, who, held, minimum. */
int sched_event_status_stmt(sqlite3 *db, const struct cli *c,
    const char *year, sqlite3_stmt **out);

/* Group counselling (schedule_groups.c). */
struct group_opts {
	const char *name, *room, *leader, *first;
	long sessions, length, every, min, max;	/* every: seconds */
};
int sched_group_create(sqlite3 *db, const struct cli *c,
    const struct group_opts *o);
int sched_group_join(sqlite3 *db, const struct cli *c, const char *name,
    char *const *ids, int n);
int sched_group_attend(sqlite3 *db, const struct cli *c, const char *name,
    const char *session, char *const *ids, int n);

/* What the loaders share (schedule_load.c): a bad field of a record,
 * an error at its line and column; a file read with its statements; and
 * a load's end, audited as action on subject when it is whole, then
 * load_end's summary, refusal and COMMIT or ROLLBACK. */
void sched_field_error(struct diag *d, struct rec_reader *r, int column,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Whether key (what the line says, "date 2026-10-01") was on an earlier
 * line of r's file, the lines so far in lines: 0 the first time, else -1
 * with "file:line: KEY is also on line N" in d. */
struct strmap;
int sched_once(struct strmap *lines, struct diag *d, struct rec_reader *r,
    const char *key);
/* A loader of records: the columns it maps, what each record does (with
 * the loader's ctx), and the statements its records use (members of
 * ctx's struct, as db_prepare_set). */
struct column_spec;
struct db_statement;
struct sched_loader {
	const struct column_spec *columns;
	size_t ncolumns;
	int (*row)(void *ctx, struct rec_reader *r, const int *index);
	const struct db_statement *statements;
	size_t nstatements;
};
/* Reads file (in the run's encoding, its format guessed) through how,
 * its columns mapped into index and its line errors into d, the
 * statements prepared into ctx first and finalized after: load_file()'s
 * status. */
int sched_load(sqlite3 *db, const struct cli *c, const char *file,
    const struct sched_loader *how, int *index, struct diag *d, void *ctx);
int sched_load_end(sqlite3 *db, const struct cli *c, struct diag *d, int rc,
    const char *done, const char *action, const char *subject,
    const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* remind [--ahead SECONDS] */
int sched_remind(sqlite3 *db, const struct cli *c, long ahead);

#endif
