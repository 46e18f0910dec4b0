-- The hash-chained audit trail (lib/store/audit.c).

-- name: audit_last
SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1;

-- name: audit_insert
INSERT INTO audit (id, at, actor, action, subject, detail, prev_hash, hash,
    account)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: audit_rows
SELECT id, at, actor, action, subject, detail, prev_hash, hash, account
FROM audit ORDER BY id;
