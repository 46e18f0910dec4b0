/*
 * ph-schedule remind: for cron.  Queues, in ph-alert's outbox, a reminder
 * for every appointment in the window ahead: to the counsellor, and to
 * the pupil's class teacher, who is asked to release the pupil and learns
 * the time and place, not why.  Once: a second run queues nothing new.
 */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "audit.h"
#include "db.h"
#include "io.h"
#include "rec.h"

int
sched_remind(sqlite3 *db, const struct cli *c, long ahead)
{
	static const char *const cols[] = { "appt", "start", "room", "to",
	    "role" };
	struct rec_writer *w;
	sqlite3_stmt *due, *queue;
	long queued = 0;
	int rc, out = 0;

	if ((rc = db_begin(db)) != 0)
		return rc;
	/* through the partial index of booked appointments by start: nothing
	 * is read when nothing is due */
	due = db_prepare(db, "SELECT a.id, datetime(a.start, 'unixepoch', "
	    "'localtime'), r.code, x.contact, x.role, k.name FROM appointment a "
	    "JOIN room r ON r.id = a.room_id JOIN person p ON p.id = "
	    "a.person_id JOIN (SELECT a2.id AS appt, a2.contact_id AS contact, "
	    "'counsellor' AS role FROM appointment a2 WHERE a2.status = "
	    "'booked' AND a2.start > ?1 AND a2.start <= ?2 UNION ALL SELECT "
	    "a3.id, ro.contact_id, 'class_teacher' FROM appointment a3 JOIN "
	    "person p3 ON p3.id = a3.person_id JOIN role ro ON ro.unit_id = "
	    "p3.unit_id AND ro.role = 'class_teacher' AND ro.until IS NULL "
	    "WHERE a3.status = 'booked' AND a3.start > ?1 AND a3.start <= ?2) "
	    "x ON x.appt = a.id JOIN contact k ON k.id = x.contact ORDER BY "
	    "a.start, a.id, x.role");
	queue = db_prepare(db, "INSERT INTO outbox (appointment_id, contact_id, "
	    "role, created_at, next_try) VALUES (?1, ?2, ?3, ?4, ?4) ON "
	    "CONFLICT DO NOTHING");
	sqlite3_bind_int64(due, 1, (sqlite3_int64)c->now);
	sqlite3_bind_int64(due, 2, (sqlite3_int64)(c->now + ahead));
	w = io_writer(c, 5, cols);
	while (rc == 0 && sqlite3_step(due) == SQLITE_ROW) {
		sqlite3_bind_int64(queue, 1, sqlite3_column_int64(due, 0));
		sqlite3_bind_int64(queue, 2, sqlite3_column_int64(due, 3));
		sqlite3_bind_text(queue, 3, db_column_text(due, 4), -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_int64(queue, 4, (sqlite3_int64)c->now);
		if (sqlite3_step(queue) != SQLITE_DONE)
			rc = db_fail(db, "remind");
		else if (sqlite3_changes(db) > 0) {
			const char *v[5] = { (const char *)sqlite3_column_text(due,
			    0), db_column_text(due, 1), db_column_text(due, 2),
			    db_column_text(due, 5), db_column_text(due, 4) };
			queued++;
			if (rec_write(w, v) != 0)
				out = 1;
		}
		sqlite3_reset(queue);
	}
	sqlite3_finalize(due);
	sqlite3_finalize(queue);
	if (io_writer_close(w) != 0)
		out = 1;
	if (rc == 0 && queued > 0) {
		struct audit *au = audit_new(db, c->now, c->actor);
		char detail[64];
		snprintf(detail, sizeof(detail), "%ld reminders queued", queued);
		rc = audit_append(au, "schedule.remind", "", detail);
		audit_free(au);
	}
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db)) != 0)
		return rc;
	return out ? EX_IOERR : 0;
}
