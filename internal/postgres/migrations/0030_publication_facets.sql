-- 0030: the disclosure log's outcome and exemption filters (issue 16).
--
-- A row for each facet of each public entry (foi.PublicationFacets): 'o:'
-- and its overall outcome; 'e:' and each exemption a part was refused under
-- (withheld, partially withheld or neither confirmed nor denied), written
-- regime:code ('e:foia:s43(2)'); 'oe:' and each pair of the two
-- ('oe:withheld|foia:s43(2)'), so every combination of the two filters is
-- one facet. Kept by publishing, unpublishing and the bulk import
-- (sqlstore/publication_facet.go), with counts per facet, category and
-- month as publication_counts has for categories: a filtered page starts
-- from the cached counts and skips within one month of this index.
--
-- facet is compared byte by byte (COLLATE "C"), as SQLite compares text:
-- the outcome and exemption lists read a prefix's range ('o:' to 'o;'),
-- which a language's collation, ignoring punctuation, would not keep.
CREATE TABLE publication_facets (
    facet    text   COLLATE "C" NOT NULL,
    category text   NOT NULL,
    key      bigint NOT NULL,
    PRIMARY KEY (facet, key)
);
CREATE INDEX publication_facets_category ON publication_facets (facet, category, key);
CREATE INDEX publication_facets_key ON publication_facets (key);

CREATE TABLE publication_facet_counts (
    facet    text   COLLATE "C" NOT NULL,
    category text   NOT NULL,
    month    text   NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (facet, category, month)
);

-- The same per facet alone: the filters' option lists read these few rows.
CREATE TABLE publication_facet_totals (
    facet text   COLLATE "C" PRIMARY KEY,
    n     bigint NOT NULL CHECK (n >= 0)
);

-- The entries published before: codes as stored (publishing has written
-- them as the catalogue does since answers were checked; an imported code
-- written otherwise is filed as written until the entry is republished).
INSERT INTO publication_facets (facet, category, key)
SELECT 'o:' || outcome, category, key FROM publications
WHERE unpublished_at IS NULL AND outcome <> '';

CREATE TEMP TABLE refused_under AS
SELECT DISTINCT p.key, p.category, p.outcome, p.regime || ':' || e.code AS code
FROM publications p, jsonb_array_elements(p.parts) part,
     jsonb_array_elements_text(CASE WHEN jsonb_typeof(part -> 'exemptions') = 'array'
                                    THEN part -> 'exemptions' ELSE '[]'::jsonb END) e(code)
WHERE p.unpublished_at IS NULL
  AND part ->> 'outcome' IN ('withheld', 'partially-withheld', 'ncnd')
  AND e.code <> '';

INSERT INTO publication_facets (facet, category, key)
SELECT 'e:' || code, category, key FROM refused_under;
INSERT INTO publication_facets (facet, category, key)
SELECT 'oe:' || outcome || '|' || code, category, key FROM refused_under WHERE outcome <> '';
DROP TABLE refused_under;

INSERT INTO publication_facet_counts (facet, category, month, n)
SELECT f.facet, f.category, to_char(p.published_on, 'YYYY-MM'), count(*)
FROM publication_facets f JOIN publications p ON p.key = f.key
GROUP BY f.facet, f.category, to_char(p.published_on, 'YYYY-MM');

INSERT INTO publication_facet_totals (facet, n)
SELECT facet, sum(n) FROM publication_facet_counts GROUP BY facet;
