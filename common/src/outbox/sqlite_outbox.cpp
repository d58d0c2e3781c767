#include "shop/outbox/sqlite_outbox.hpp"


namespace shop::outbox {
namespace {

constexpr const char* kInsert = R"(
INSERT INTO outbox (id, kind, topic, destination, user_id, setting, related_type, related_id, aggregate_id, subject,
                    payload, request_id, status, max_attempts, created_at, next_attempt_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?))";

// Due rows, oldest first; an event waits while an earlier one of the same aggregate to the same subscriber is pending.
constexpr const char* kFetchDue = R"(
SELECT seq, id, kind, topic, destination, user_id, setting, subject, payload, request_id, attempts, max_attempts
FROM outbox o
WHERE status = 'queued' AND next_attempt_at <= ?
  AND NOT (kind = 'event' AND EXISTS (
      SELECT 1 FROM outbox p WHERE p.kind = 'event' AND p.status = 'queued' AND p.destination = o.destination
        AND p.aggregate_id = o.aggregate_id AND p.seq < o.seq))
ORDER BY seq LIMIT ?)";

constexpr const char* kMarkDone = R"(
UPDATE outbox SET status = ?, attempts = attempts + ?, last_attempt_at = ?, sent_at = ?, next_attempt_at = NULL,
                  last_error = NULL, payload = CASE WHEN kind = 'email' THEN NULL ELSE payload END
WHERE seq = ?)";

constexpr const char* kMarkFailed = R"(
UPDATE outbox SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ?
WHERE seq = ?)";

constexpr const char* kPostpone = "UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE seq = ?";
constexpr const char* kWake =
    "UPDATE outbox SET next_attempt_at = ? WHERE destination = ? AND status = 'queued' AND next_attempt_at > ?";
constexpr const char* kPending = "SELECT count(*) FROM outbox WHERE kind = ? AND status = 'queued'";

constexpr const char* kDeliveryColumns =
    "SELECT id, topic, user_id, destination, subject, status, attempts, last_error, related_type, related_id, "
    "created_at, last_attempt_at, next_attempt_at, sent_at FROM outbox ";

Delivery ReadDelivery(sqlite::Statement& st) {
    Delivery d;
    d.id = st.Text(0);
    d.template_name = st.Text(1);
    d.user_id = st.OptText(2);
    d.recipient = st.Text(3);
    d.subject = st.OptText(4).value_or("");
    d.status = st.Text(5);
    d.attempts = st.Int(6);
    d.last_error = st.OptText(7);
    d.related_type = st.OptText(8).value_or("");
    d.related_id = st.OptText(9).value_or("");
    d.created_at = st.Int(10);
    d.last_attempt_at = st.OptInt(11);
    d.next_attempt_at = st.OptInt(12);
    d.sent_at = st.OptInt(13);
    return d;
}

}  // namespace

SqliteOutbox::SqliteOutbox(sqlite::Database& db, std::string source, std::vector<Subscriber> subscribers,
                           int email_attempts)
    : db_(db), source_(std::move(source)), subscribers_(std::move(subscribers)), email_attempts_(email_attempts) {}

void SqliteOutbox::Append(sqlite::Connection& c, const Effects& effects) {
    for (const auto& m : Plan(effects, source_, subscribers_, email_attempts_, NowMs()))
        c.Exec(kInsert, m.id, m.kind, m.topic, m.destination, m.user_id, m.setting, m.related_type, m.related_id,
               m.aggregate_id, m.subject, m.payload, m.request_id, m.max_attempts, m.created_at, m.created_at);
    if (!effects.empty()) Wake();
}

std::vector<Message> SqliteOutbox::FetchDue(TimeMs now, int limit) {
    return db_.Read([&](sqlite::Connection& c) {
        std::vector<Message> out;
        auto q = c.Bound(kFetchDue, now, limit);
        while (q->Step()) {
            Message m;
            m.seq = q->Int(0);
            m.id = q->Text(1);
            m.kind = q->Text(2);
            m.topic = q->Text(3);
            m.destination = q->Text(4);
            m.user_id = q->OptText(5);
            m.setting = q->OptText(6);
            m.subject = q->OptText(7);
            m.payload = q->Text(8);
            m.request_id = q->OptText(9);
            m.attempts = q->Int(10);
            m.max_attempts = q->Int(11);
            out.push_back(std::move(m));
        }
        return out;
    });
}

void SqliteOutbox::MarkDone(const Message& m, const std::string& status, TimeMs now) {
    std::int64_t attempted = status == "skipped" ? 0 : 1;
    std::optional<std::int64_t> sent_at;
    if (status != "skipped") sent_at = now;
    (void)db_.Write<Ok>([&](sqlite::Connection& c) -> Result<Ok> {
        c.Exec(kMarkDone, status, attempted, now, sent_at, m.seq);
        return Ok{};
    });
}

void SqliteOutbox::MarkFailed(const Message& m, const std::string& status, const std::string& error, TimeMs now,
                              std::optional<TimeMs> next_attempt) {
    (void)db_.Write<Ok>([&](sqlite::Connection& c) -> Result<Ok> {
        c.Exec(kMarkFailed, status, now, error, next_attempt, m.seq);
        return Ok{};
    });
}

void SqliteOutbox::Postpone(const Message& m, TimeMs next_attempt, const std::string& reason) {
    (void)db_.Write<Ok>([&](sqlite::Connection& c) -> Result<Ok> {
        c.Exec(kPostpone, next_attempt, reason, m.seq);
        return Ok{};
    });
}

void SqliteOutbox::WakeDestination(const std::string& destination, TimeMs now) {
    (void)db_.Write<Ok>([&](sqlite::Connection& c) -> Result<Ok> {
        c.Exec(kWake, now, destination, now);
        return Ok{};
    });
}

std::int64_t SqliteOutbox::Pending(const std::string& kind) {
    return db_.Read([&](sqlite::Connection& c) {
        auto q = c.Bound(kPending, kind);
        q->Step();
        return q->Int(0);
    });
}

std::pair<std::vector<Delivery>, std::int64_t> SqliteOutbox::ListDeliveries(const DeliveryFilter& f) {
    shop::sqlite::Params params;
    std::string where = "WHERE kind = 'email'";
    auto in_list = [&](const char* column, const std::vector<std::string>& values) {
        if (values.empty()) return;
        where += std::string(" AND ") + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            where += i ? ",?" : "?";
            params.Text(values[i]);
        }
        where += ")";
    };
    in_list("status", f.statuses);
    in_list("topic", f.templates);
    if (f.user_id) where += " AND user_id = ?", params.Text(*f.user_id);
    if (f.related_id) where += " AND related_id = ?", params.Text(*f.related_id);
    if (f.from) where += " AND created_at >= ?", params.Int(*f.from);
    if (f.to) where += " AND created_at <= ?", params.Int(*f.to);
    std::string dir = f.page.descending ? " DESC" : " ASC";
    std::string list_sql = std::string(kDeliveryColumns) + where + " ORDER BY created_at" + dir + ", id" + dir +
                           " LIMIT " + std::to_string(f.page.limit) + " OFFSET " + std::to_string(f.page.offset());
    std::string count_sql = "SELECT count(*) FROM outbox " + where;
    return db_.Read([&](sqlite::Connection& c) { return sqlite::Page<Delivery>(c, list_sql, count_sql, params, ReadDelivery); });
}

Result<Delivery> SqliteOutbox::RetryDelivery(const std::string& id, TimeMs now, std::int64_t extra_attempts) {
    static constexpr const char* kFind =
        "SELECT id, topic, user_id, destination, subject, status, attempts, last_error, related_type, related_id, "
        "created_at, last_attempt_at, next_attempt_at, sent_at FROM outbox WHERE id = ? AND kind = 'email'";
    static constexpr const char* kRequeue =
        "UPDATE outbox SET status = 'queued', next_attempt_at = ?, max_attempts = attempts + ? WHERE id = ?";
    auto r = db_.Write<Delivery>([&](sqlite::Connection& c) -> Result<Delivery> {
        {
            auto q = c.Bound(kFind, id);
            if (!q->Step()) return Error::NotFound("Delivery not found");
            if (q->Text(5) != "failed") return Error::Of(ErrorCode::kConflict, "Only failed deliveries can be retried");
        }
        c.Exec(kRequeue, now, extra_attempts, id);
        auto q = c.Bound(kFind, id);
        q->Step();
        return ReadDelivery(*q);
    });
    if (r) Wake();
    return r;
}

}  // namespace shop::outbox
