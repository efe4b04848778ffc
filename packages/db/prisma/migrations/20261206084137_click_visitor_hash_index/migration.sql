-- First-click attribution (issue 11 §1): at checkout, resolveAttribution reads the visitor's
-- (visitorHash) clicks on the track inside the window. Without this index that read is a range
-- of ClickEvent_trackId_createdAt_idx over every click on the track in the window (millions on a
-- popular track). A hash index serves the equality and keeps a 4-byte hash code per click (the
-- key is a 64-character hex), so the click insert and the disk pay less than for a B-tree.
-- A migration script runs as one transaction, so this cannot be CONCURRENTLY and blocks click
-- inserts while it builds: on a large ClickEvent table, run the same statement with
-- CONCURRENTLY by hand first; IF NOT EXISTS then makes this one a no-op.
CREATE INDEX IF NOT EXISTS "ClickEvent_visitorHash_idx" ON "ClickEvent" USING HASH ("visitorHash");
