// The Complaint service's use cases (API.md §7): registration linked to orders, the state machine,
// resolution and reopening, assignment, comments.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "domain/model.hpp"
#include "shop/embedded.hpp"
#include "shop/result.hpp"

namespace complaint {

// Lookups in other services (over HTTP with the service credential); DEPENDENCY_UNAVAILABLE when down.
class Directory {
public:
    virtual ~Directory() = default;
    virtual shop::Result<std::optional<bj::object>> Order(const std::string& id_or_number) = 0;
    virtual shop::Result<std::optional<bj::object>> User(const std::string& user_id) = 0;
};

struct Actor {
    std::string user_id, email, name;
    bool admin = false;
    std::string role() const { return admin ? "Administrator" : "Customer"; }
};

struct NewComplaint {
    std::string category, subject, description;
    std::optional<std::string> order_id;
};

struct Edit {
    std::optional<std::string> category, priority, subject, description;
};

struct IdempotentRequest {
    std::string scope, request_hash;
    std::function<shop::StoredResponse(const Complaint&)> render;
};

struct Registered {
    Complaint complaint;
    std::optional<shop::StoredResponse> replay;
};

struct Policy {
    std::int64_t reopen_window_ms = 14 * 86'400'000LL;
    std::string web_app_url = "http://localhost:8080";
};

class ComplaintService {
public:
    ComplaintService(ComplaintStore& store, Directory& directory, Policy policy,
                     std::span<const shop::embedded::File> templates)
        : store_(store), directory_(directory), policy_(std::move(policy)), templates_(templates) {}

    shop::Result<Registered> Register(const Actor& a, const NewComplaint& in, const std::optional<IdempotentRequest>& idem,
                                      const std::string& request_id);
    shop::Result<Complaint> Get(const Actor* a, const std::string& id);  // null actor = service credential
    std::pair<std::vector<std::string>, std::int64_t> List(const ComplaintQuery& q) { return store_.List(q); }
    ComplaintStats Stats(TimeMs from, TimeMs to, bool weekly) { return store_.Stats(from, to, shop::NowMs(), weekly); }

    shop::Result<Complaint> Update(const Actor& a, const std::string& id, const Edit& e, std::optional<std::int64_t> if_match,
                                   const std::string& request_id);
    shop::Result<Complaint> Delete(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                   const std::string& request_id);
    shop::Result<Complaint> ChangeStatus(const Actor& a, const std::string& id, const std::string& status,
                                         const std::optional<std::string>& notes, std::optional<std::int64_t> if_match,
                                         const std::string& request_id);
    shop::Result<Complaint> Resolve(const Actor& a, const std::string& id, const std::string& notes,
                                    std::optional<std::int64_t> if_match, const std::string& request_id);
    shop::Result<Complaint> Reopen(const Actor& a, const std::string& id, const std::string& reason,
                                   std::optional<std::int64_t> if_match, const std::string& request_id);
    shop::Result<Complaint> Assign(const Actor& a, const std::string& id, const std::optional<std::string>& assignee,
                                   std::optional<std::int64_t> if_match, const std::string& request_id);
    shop::Result<Comment> AddComment(const Actor& a, const std::string& id, const std::string& text, bool internal,
                                     const std::string& request_id);
    shop::Result<std::vector<Comment>> Comments(const Actor& a, const std::string& id);
    // A satisfaction rating of the current resolution, by the owner (issue #10's contract).
    shop::Result<bj::object> GiveFeedback(const Actor& a, const std::string& id, std::int64_t rating,
                                          const std::optional<std::string>& comment, const std::string& request_id);
    std::string HandleUserErased(const std::string& event_id, const std::string& user_id);

private:
    using Change = std::function<shop::Status(Complaint&, shop::outbox::Effects&, TimeMs)>;
    shop::Result<Complaint> Mutate(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                                   const std::string& request_id, const Change& change);
    shop::Status Transition(Complaint& c, const std::string& to, const Actor& a, const std::optional<std::string>& notes,
                            TimeMs now, shop::outbox::Effects& fx);
    shop::outbox::EmailMessage Email(const std::string& name, const Complaint& c,
                                     std::vector<std::pair<std::string, std::string>> vars) const;

    ComplaintStore& store_;
    Directory& directory_;
    Policy policy_;
    std::span<const shop::embedded::File> templates_;
};

}  // namespace complaint
