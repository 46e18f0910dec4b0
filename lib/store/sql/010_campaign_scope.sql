-- The units a campaign is for: those it names and every unit under
-- them, or every unit when it names none.  Ask it for one campaign
-- (WHERE campaign_id = ?): the condition reaches into the view.
CREATE VIEW campaign_scope (campaign_id, unit_id) AS
SELECT c.id, u.id FROM campaign c, unit u
WHERE NOT EXISTS (SELECT 1 FROM campaign_unit WHERE campaign_id = c.id)
   OR EXISTS (SELECT 1 FROM campaign_unit cu JOIN unit s ON s.id = cu.unit_id
	WHERE cu.campaign_id = c.id AND (u.path = s.path OR
	substr(u.path, 1, length(s.path) + 1) = s.path || '/'));
