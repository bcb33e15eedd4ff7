-- A run that passed although a warn condition did not hold is warned: warning holds what did not
-- hold (null when nothing). The outage decisions count a warned passed run as they count a slow
-- one, reading it here. The latest result of each check from each probe also keeps its TLS facts
-- for /metrics and the page: cert_expiry, the earliest expiry (epoch ms) over the certificate
-- chains its steps were shown, and tls_version, that step's protocol ("TLS 1.3"); null without TLS.
ALTER TABLE results ADD COLUMN warning VARCHAR(2000);
ALTER TABLE latest_results ADD COLUMN warning VARCHAR(2000);
ALTER TABLE latest_results ADD COLUMN cert_expiry BIGINT;
ALTER TABLE latest_results ADD COLUMN tls_version VARCHAR(32);
