-- Throttle keys are stored as keyed hashes from now on, so the database no longer lists the
-- addresses typed at sign-in. The rows written before held them in clear: they are dropped. They
-- only count failures of the last 15 minutes, so at worst a guesser's count starts again once.
DELETE FROM "AuthFailure";
