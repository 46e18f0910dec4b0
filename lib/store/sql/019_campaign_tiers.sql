-- 019: tiered screening.  A follow-on campaign (ph-screen campaign
-- create --after) is for the people of an earlier campaign for whom a
-- condition held on their latest answers: after_id is that campaign,
-- condition the --when text as given, and campaign_person the people it
-- covers, each added once (a later create --after adds those who became
-- positive since, never removes one).  A campaign with after_id counts
-- exactly its people in coverage, whatever its units.
ALTER TABLE campaign ADD COLUMN after_id INTEGER REFERENCES campaign(id);
ALTER TABLE campaign ADD COLUMN condition TEXT;

CREATE TABLE campaign_person (
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	person_id   INTEGER NOT NULL REFERENCES person(id),
	added_at    INTEGER NOT NULL,	-- seconds since the epoch
	PRIMARY KEY (campaign_id, person_id)
) WITHOUT ROWID;
CREATE INDEX campaign_after ON campaign(after_id);

-- The card and reasons a response gave alone, kept while a card rule on
-- the person's latest answers together (ph-policy(5) 'all': PHQ-9 and
-- GAD-7 both moderate) gives it a higher one; NULL when none does.  The
-- rule is asked again whenever the person answers another of the
-- campaign's instruments, and the response's own card comes back when it
-- no longer holds.
ALTER TABLE response ADD COLUMN alone_card TEXT;
ALTER TABLE response ADD COLUMN alone_reasons TEXT;
