-- What a resource's List and Describe operations show of it (``summary``: its entry in a List
-- page; ``described``: its Describe answer's resource), each cut to the model's shape and
-- converted for the wire, as JSON. The engine writes them with the resource, so those answers
-- are read, not rebuilt. NULL where no writer stored one (rows from before this migration,
-- families whose operation is written by hand): those are built from the row as before.
ALTER TABLE resources ADD COLUMN summary TEXT;
ALTER TABLE resources ADD COLUMN described TEXT;
