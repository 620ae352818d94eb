-- A sync rewrites most mirror rows every full run (the run that saw them, when they were read)
-- without changing an indexed column: with room left on each page those rewrites stay on the
-- page (HOT updates) and touch no index.
ALTER TABLE "mirrors" SET (fillfactor = 70);
