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
CREATE TABLE publication_facets (
    facet       TEXT    NOT NULL,
    category_id INTEGER NOT NULL,
    key         INTEGER NOT NULL,
    PRIMARY KEY (facet, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX publication_facets_category ON publication_facets (facet, category_id, key);
CREATE INDEX publication_facets_key ON publication_facets (key);

CREATE TABLE publication_facet_counts (
    facet       TEXT    NOT NULL,
    category_id INTEGER NOT NULL,
    month       TEXT    NOT NULL,
    n           INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (facet, category_id, month)
) STRICT, WITHOUT ROWID;

-- The same per facet alone: the filters' option lists read these few rows.
CREATE TABLE publication_facet_totals (
    facet TEXT    NOT NULL PRIMARY KEY,
    n     INTEGER NOT NULL CHECK (n >= 0)
) STRICT, WITHOUT ROWID;

-- The entries published before: codes as stored (publishing has written
-- them as the catalogue does since answers were checked; an imported code
-- written otherwise is filed as written until the entry is republished).
INSERT INTO publication_facets (facet, category_id, key)
SELECT 'o:' || outcome, category_id, key FROM publications
WHERE unpublished_at IS NULL AND outcome <> '';

CREATE TEMP TABLE refused_under AS
SELECT DISTINCT p.key, p.category_id, p.outcome, p.regime || ':' || e.value AS code
FROM publications p, json_each(p.parts) part, json_each(part.value, '$.exemptions') e
WHERE p.unpublished_at IS NULL
  AND json_extract(part.value, '$.outcome') IN ('withheld', 'partially-withheld', 'ncnd')
  AND e.value <> '';

INSERT INTO publication_facets (facet, category_id, key)
SELECT 'e:' || code, category_id, key FROM refused_under;
INSERT INTO publication_facets (facet, category_id, key)
SELECT 'oe:' || outcome || '|' || code, category_id, key FROM refused_under WHERE outcome <> '';
DROP TABLE refused_under;

INSERT INTO publication_facet_counts (facet, category_id, month, n)
SELECT f.facet, f.category_id, substr(p.published_on, 1, 7), count(*)
FROM publication_facets f JOIN publications p ON p.key = f.key
GROUP BY f.facet, f.category_id, substr(p.published_on, 1, 7);

INSERT INTO publication_facet_totals (facet, n)
SELECT facet, sum(n) FROM publication_facet_counts GROUP BY facet;

-- The facets are terms of the search index too, as categories are: a
-- token "zzf" and the facet in hex (search.go, facetToken), so a filtered
-- search is one more term of the full-text query and reads only the
-- entries with both. The view FTS5 reads an entry's text from gains them,
-- and the index is rebuilt from it for the public entries (those an
-- unfinished import left in the backlog are indexed when it finishes):
-- what it was told before no longer matches what it would be told to
-- remove.
INSERT INTO publication_search (publication_search) VALUES ('delete-all');
DROP VIEW publication_text;
CREATE VIEW publication_text AS
SELECT key, title, summary, request,
       coalesce((SELECT group_concat(json_extract(value, '$.text') || char(10) || json_extract(value, '$.answer'), char(10))
                 FROM json_each(parts)), '') || char(10) || response AS answers,
       'zzcategory' || category_id ||
       coalesce((SELECT group_concat(' zzf' || lower(hex(f.facet)), '') FROM publication_facets f WHERE f.key = publications.key), '')
           AS facets
FROM publications;
INSERT INTO publication_search (rowid, title, summary, request, answers, facets)
SELECT key, title, summary, request, answers, facets FROM publication_text
WHERE key IN (SELECT key FROM publications WHERE unpublished_at IS NULL)
  AND key NOT IN (SELECT key FROM publication_search_backlog)
ORDER BY key;

INSERT INTO counters (name, next) VALUES ('publications', 1)
    ON CONFLICT (name) DO UPDATE SET next = next + 1;
