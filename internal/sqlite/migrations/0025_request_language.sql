-- 0025: the language the requester chose for correspondence (Welsh
-- Language Standards, standard 2: "keep a record of P's wish"): '' not
-- known (English), 'en' or 'cy'; and where the choice came from: 'page'
-- (the web form's language), 'email' (the language they wrote in), 'staff'.
ALTER TABLE requests ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN language_source TEXT NOT NULL DEFAULT '';
