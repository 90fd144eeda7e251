-- Public face (issue 16): the AG decides per measure whether it is public, and may give it a
-- public description that differs from the internal one. Nothing is public until marked.
ALTER TABLE measures ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE measures ADD COLUMN public_description TEXT NOT NULL DEFAULT '';
