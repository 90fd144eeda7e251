-- Goals become editable: a version number for optimistic locking (as measures have).
ALTER TABLE goals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
