-- Who did it: the operating-system account that ran the program, beside
-- the actor (PH_ACTOR or the login name), which is free text anyone who
-- can write the file may set.  The account is the real uid's name (or
-- its number), never taken from the environment, and it is covered by
-- the row's hash.  Rows written before this migration have no account
-- (NULL) and keep the hash they were written with.
ALTER TABLE audit ADD COLUMN account TEXT;
