-- What a resource's List operation shows of it (its summary, cut to the model's shape and
-- converted for the wire, as JSON), written with the resource by the engine so that a List
-- page is read, not rebuilt, summary by summary. NULL where no writer stored one (rows from
-- before this migration, families whose List is written by hand): those are built as before.
ALTER TABLE resources ADD COLUMN summary TEXT;
