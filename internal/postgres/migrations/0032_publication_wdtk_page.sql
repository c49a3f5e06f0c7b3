-- 0032: the WhatDoTheyKnow page a published entry links (issue 18), on the frozen copy.
-- Empty unless staff chose, at publishing a request made through
-- WhatDoTheyKnow, to link its WDTK page, which shows the requester's name.
ALTER TABLE publications ADD COLUMN wdtk_page TEXT NOT NULL DEFAULT '';
