-- Named queries of the storage layer itself (lib/store/db.c).

-- name: meta_get
-- index: meta
SELECT value FROM meta WHERE key = ?1;

-- name: meta_set
INSERT INTO meta (key, value) VALUES (?1, ?2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- name: foreign_key_check
PRAGMA foreign_key_check;

-- A bulk write whose every reference is to a row it found or made in its
-- own transaction (a first roster load, a screening import) need not have
-- each checked again: that was a tenth of either.  Set outside the
-- transaction, where the pragma takes effect; on again after.
-- name: foreign_keys_off
PRAGMA foreign_keys = OFF;

-- name: foreign_keys_on
PRAGMA foreign_keys = ON;

-- name: campaign_scope_units
-- index: c
SELECT unit_id FROM campaign_scope WHERE campaign_id = ?1;

-- name: person_by_number
-- index: person
SELECT id FROM person WHERE person_no = ?1;

-- name: mmap_whole_reads
-- A run that reads most of a large file (a re-score reads every stored
-- answer) maps it: pages read without a system call each, which was a
-- fifth of a re-score of a million answers; so does ph-report html,
-- whose two halves then share the pages.
PRAGMA mmap_size = 4294967296;
