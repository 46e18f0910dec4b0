-- 017: a response that is not valid (too many items missing, a lie scale
-- over its cut-off, a careless answer sheet: ph-instrument(5),
-- ph-policy(5) validity) is to be taken again: its person is not counted
-- as screened, is listed by ph-screen retest, and is among those missing.
-- Its card and critical answers stand all the same.
--
-- The person index carries whether an answer is valid too, so that
-- coverage still reads who answered from the index alone (007).
DROP INDEX response_person;
CREATE INDEX response_person ON response(person_id, campaign_id, instrument,
	latest, card, valid);
-- The few latest answers to take again, by campaign: what ph-screen
-- retest lists without reading every answer of the campaign.
CREATE INDEX response_retest ON response(campaign_id, person_id)
	WHERE latest AND valid = 0;
