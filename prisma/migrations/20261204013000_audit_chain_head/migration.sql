-- Issue 10: the audit chain's head exists from the start (the genesis hash, no event yet), so that a registration's
-- append, which commits with it (lib/audit/record-audit-event.ts, recordAuditEventThenCommit), always finds it.
INSERT INTO "AuditChain" ("id", "lastHash", "lastEventId")
VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', NULL)
ON CONFLICT ("id") DO NOTHING;
