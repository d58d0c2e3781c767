// SQL of the Auth service's SQLite store, as named constants (prepared once per connection).
#pragma once

namespace auth::sql {

inline constexpr const char* kUserById =
    "SELECT id, email, password_hash, full_name, contact_number, address, role, is_active, email_verified, erased, "
    "settings, last_login_at, created_at, updated_at, version FROM users WHERE id = ?";
inline constexpr const char* kUserByEmail =
    "SELECT id, email, password_hash, full_name, contact_number, address, role, is_active, email_verified, erased, "
    "settings, last_login_at, created_at, updated_at, version FROM users WHERE email = ?";
inline constexpr const char* kInsertUser =
    "INSERT INTO users (id, email, password_hash, full_name, contact_number, address, role, is_active, email_verified, "
    "erased, settings, last_login_at, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
inline constexpr const char* kUpdateUser =
    "UPDATE users SET email = ?2, password_hash = ?3, full_name = ?4, contact_number = ?5, address = ?6, role = ?7, "
    "is_active = ?8, email_verified = ?9, erased = ?10, settings = ?11, last_login_at = ?12, created_at = ?13, "
    "updated_at = ?14, version = ?15 WHERE id = ?1";
inline constexpr const char* kCountActiveAdmins =
    "SELECT count(*) FROM users WHERE role = 'Administrator' AND is_active = 1";

inline constexpr const char* kSessionById =
    "SELECT id, user_id, created_at, last_used_at, expires_at, refresh_expires_at, user_agent, ip, revoked_at, "
    "revoke_reason FROM sessions WHERE id = ?";
inline constexpr const char* kActiveSessions =
    "SELECT id, user_id, created_at, last_used_at, expires_at, refresh_expires_at, user_agent, ip, revoked_at, "
    "revoke_reason FROM sessions WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2 "
    "AND refresh_expires_at > ?2";
inline constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, refresh_expires_at, user_agent, ip, "
    "revoked_at, revoke_reason) VALUES (?,?,?,?,?,?,?,?,?,?)";
inline constexpr const char* kUpdateSession =
    "UPDATE sessions SET user_id = ?2, created_at = ?3, last_used_at = ?4, expires_at = ?5, refresh_expires_at = ?6, "
    "user_agent = ?7, ip = ?8, revoked_at = ?9, revoke_reason = ?10 WHERE id = ?1";
inline constexpr const char* kRefreshByHash =
    "SELECT hash, session_id, issued_at, expires_at, rotated_at, successor_hash, successor_sealed FROM refresh_tokens "
    "WHERE hash = ?";
inline constexpr const char* kInsertRefresh =
    "INSERT INTO refresh_tokens (hash, session_id, issued_at, expires_at, rotated_at, successor_hash, "
    "successor_sealed) VALUES (?,?,?,?,?,?,?)";
inline constexpr const char* kUpdateRefresh =
    "UPDATE refresh_tokens SET session_id = ?2, issued_at = ?3, expires_at = ?4, rotated_at = ?5, "
    "successor_hash = ?6, successor_sealed = ?7 WHERE hash = ?1";
inline constexpr const char* kClearGrace =
    "UPDATE refresh_tokens SET successor_sealed = NULL WHERE session_id = ? AND successor_sealed IS NOT NULL "
    "AND rotated_at < ?";

inline constexpr const char* kInsertRevocation =
    "INSERT INTO revocations (session_id, user_id, reason, revoked_at, expires_at) VALUES (?,?,?,?,?)";
inline constexpr const char* kRevocationsSince =
    "SELECT seq, session_id, user_id, reason, revoked_at, expires_at FROM revocations WHERE seq > ? "
    "AND expires_at > ? ORDER BY seq LIMIT ?";

inline constexpr const char* kOneTimeByHash =
    "SELECT hash, user_id, kind, created_at, expires_at, used_at FROM one_time_tokens WHERE hash = ?";
inline constexpr const char* kInsertOneTime =
    "INSERT INTO one_time_tokens (hash, user_id, kind, created_at, expires_at, used_at) VALUES (?,?,?,?,?,?)";
inline constexpr const char* kUseOneTime = "UPDATE one_time_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL";
inline constexpr const char* kInvalidateOneTime =
    "UPDATE one_time_tokens SET used_at = ?3 WHERE user_id = ?1 AND kind = ?2 AND used_at IS NULL";
inline constexpr const char* kDeleteOneTime = "DELETE FROM one_time_tokens WHERE user_id = ?";

inline constexpr const char* kCounterEvents =
    "SELECT at FROM counter_events WHERE scope = ? AND key = ? AND at > ? ORDER BY at";
inline constexpr const char* kAddCounterEvent = "INSERT INTO counter_events (scope, key, at) VALUES (?,?,?)";
inline constexpr const char* kClearCounter = "DELETE FROM counter_events WHERE scope = ? AND key = ?";

inline constexpr const char* kSweepCounters = "DELETE FROM counter_events WHERE at < ?";
inline constexpr const char* kSweepRevocations = "DELETE FROM revocations WHERE expires_at < ?";
inline constexpr const char* kSweepOneTime = "DELETE FROM one_time_tokens WHERE expires_at < ?";
inline constexpr const char* kSweepRefresh = "DELETE FROM refresh_tokens WHERE expires_at < ?";

}  // namespace auth::sql
