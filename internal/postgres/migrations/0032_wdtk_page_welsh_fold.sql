-- 0032: the WhatDoTheyKnow page a published entry links (issue 18), on the frozen copy;
-- the Welsh search text with mutations folded (issue 19).
-- wdtk_page is empty unless staff chose, at publishing a request made
-- through WhatDoTheyKnow, to link its WDTK page, which shows the
-- requester's name.
ALTER TABLE publications ADD COLUMN wdtk_page TEXT NOT NULL DEFAULT '';
-- search_folded is search_text with each word's first letters folded
-- (foi.FoldWelsh: gyngor, nghyngor and cyngor alike); empty for a Welsh
-- version saved before this migration, which is matched as written until
-- it is saved again.
ALTER TABLE publication_welsh ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
