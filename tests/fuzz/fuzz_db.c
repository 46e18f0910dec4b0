/*
 * A school for the fuzz targets of the database loaders: its roster, its
 * warning network and its rooms, loaded through the programs' own
 * functions, then kept in memory so that every input starts from it.
 */
#include "fuzz_db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "intake.h"
#include "schedule.h"
#include "xalloc.h"

#ifndef FUZZ_SHARE
#define FUZZ_SHARE "share/ph"
#endif

/* Person numbers of P: the transfer seeds bring in pupils S001... */
static const char roster[] =
    "学号,姓名,性别,学校,年级,班级,宿舍,出生日期,监护人,监护人电话,"
    "关注类型\n"
    "P001,张一,男,一中,初一,1班,,2013-03-04,张父,13800000001,留守\n"
    "P002,李二,女,一中,初一,1班,A-101,2013-05-06,李母,13800000002,\n"
    "P003,王三,男,一中,初一,2班,,2013-07-08,,,单亲\n"
    "P004,赵四,女,二中,高二,3班,B-201,2010-01-02,赵父,13800000004,\n";
static const char contacts[] =
    "角色,学校,年级,班级,姓名,性别,电话,邮箱\n"
    "班主任,一中,初一,1班,王老师,女,13900000001,wang@school.test\n"
    "年级主任,一中,初一,,李主任,男,13900000002,li@school.test\n"
    "心理教师,一中,,,赵老师,女,13900000003,zhao@school.test\n"
    "心理教师,二中,,,孙老师,女,13900000005,sun@school.test\n"
    "校领导,一中,,,钱校长,男,13900000004,qian@school.test\n";
static const char rooms[] =
    "房间,学校,类型,星期,开始,结束\n"
    "1,一中,咨询,周一,16:30,18:30\n"
    "1,一中,咨询,周三,16:30,18:30\n"
    "2,一中,团体,周二,14:00,16:00\n"
    "9,二中,咨询,周五,12:00,13:00\n";

static int
put_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		rc = -1;
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

/* The school, loaded as ph-intake and ph-schedule load it. */
static int
load_school(struct fuzz_db *f)
{
	struct intake_load_opts o = { .kind = INTAKE_STUDENTS };
	struct intake_load_stats s;
	char *files[1] = { f->input };

	if (put_file(f->input, roster, sizeof(roster) - 1) != 0 ||
	    intake_load(f->db, &f->cli, &o, files, 1, &s) != 0)
		return -1;
	if (put_file(f->input, contacts, sizeof(contacts) - 1) != 0 ||
	    intake_contacts(f->db, &f->cli, files, 1, 0) != 0)
		return -1;
	if (put_file(f->input, rooms, sizeof(rooms) - 1) != 0 ||
	    sched_rooms_load(f->db, &f->cli, f->input) != 0)
		return -1;
	return 0;
}

/* Copies the whole of from's main database into to's. */
static int
copy_database(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL)
		return -1;
	rc = sqlite3_backup_step(b, -1);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE)
		return -1;
	return 0;
}

int
fuzz_db_open(struct fuzz_db *f)
{
	char tmpl[] = "/tmp/ph-fuzz-XXXXXX";

	memset(f, 0, sizeof(*f));
	if (mkdtemp(tmpl) == NULL) {
		perror("fuzz: mkdtemp");
		return -1;
	}
	f->dir = xstrdup(tmpl);
	f->path = xasprintf("%s/ph.db", f->dir);
	f->input = xasprintf("%s/input", f->dir);
	setenv("PH_NOW", "2026-09-01 08:00", 1);
	setenv("PH_ACTOR", "fuzz", 1);
	setenv("TZ", "Asia/Shanghai", 1);
	setenv("PH_POLICY", FUZZ_SHARE "/policy.yaml", 1);
	setenv("PH_SHARE", FUZZ_SHARE, 1);
	cli_init(&f->cli);
	if (db_open(f->path, DB_CREATE, &f->db) != 0 || load_school(f) != 0 ||
	    sqlite3_open(":memory:", &f->snapshot) != SQLITE_OK ||
	    copy_database(f->snapshot, f->db) != 0) {
		fprintf(stderr, "fuzz: the school in %s did not load\n",
		    f->path);
		return -1;
	}
	/* a lost power cut costs a fuzzer nothing: no fsync per input */
	if (sqlite3_exec(f->db, "PRAGMA synchronous = OFF", NULL, NULL,
	    NULL) != SQLITE_OK)
		return -1;
	f->changes = sqlite3_total_changes64(f->db);
	return 0;
}

static struct fuzz_db *
the_school(void)
{
	static struct fuzz_db f;

	return &f;
}

/* At exit: nothing left in the temporary directory. */
static void
close_school(void)
{
	fuzz_db_close(the_school());
}

struct fuzz_db *
fuzz_db_once(void)
{
	struct fuzz_db *f = the_school();

	if (f->db == NULL) {
		if (fuzz_db_open(f) != 0 || atexit(close_school) != 0)
			abort();
	}
	return f;
}

void
fuzz_db_close(struct fuzz_db *f)
{
	db_close(f->db);
	sqlite3_close(f->snapshot);
	cli_free(&f->cli);
	(void)unlink(f->input);
	(void)unlink(f->path);
	(void)rmdir(f->dir);
	free(f->input);
	free(f->path);
	free(f->dir);
}

int
fuzz_db_input(struct fuzz_db *f, const unsigned char *data, size_t size)
{
	return put_file(f->input, data, size);
}

void
fuzz_db_reset(struct fuzz_db *f)
{
	if (sqlite3_total_changes64(f->db) == f->changes)
		return;
	if (copy_database(f->db, f->snapshot) != 0) {
		fprintf(stderr, "fuzz: %s could not be put back: %s\n",
		    f->path, sqlite3_errmsg(f->db));
		abort();
	}
	f->changes = sqlite3_total_changes64(f->db);
}
