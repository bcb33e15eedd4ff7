-- A result's JSON is kept compressed (store/ResultBodies: a format byte, then raw DEFLATE against
-- a preset dictionary of what every result repeats): about 600 bytes of JSON become about 150.
-- PostgreSQL compresses a value only in rows over about 2 KB, so it stored every byte. Rows
-- written before this version keep their text in body (and expire with the raw retention); new
-- rows leave body empty and fill body_deflated.
ALTER TABLE results ADD COLUMN body_deflated BYTEA;
ALTER TABLE results ALTER COLUMN body DROP NOT NULL;
