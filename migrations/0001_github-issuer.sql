-- GitHub's issuer is `<GitHub URL>/login/oauth` (RFC 9207; GitHub's page "GitHub authentication
-- discovery endpoints", read 2026-12-02), no longer the bare web URL. Accounts stored under the old
-- issuer are carried over, so that signing in again updates them instead of adding a twin.
UPDATE `accounts` SET `issuer` = rtrim(`issuer`, '/') || '/login/oauth'
WHERE `provider` = 'github' AND `issuer` NOT LIKE '%/login/oauth';
