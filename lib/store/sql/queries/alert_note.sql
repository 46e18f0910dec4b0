-- note (lib/alert/alert_note.c).

-- name: alert_note_add
INSERT INTO note (person_id, text, by, at) VALUES (?1, ?2, ?3, ?4);
