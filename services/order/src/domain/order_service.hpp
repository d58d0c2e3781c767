// The Order service's use cases (API.md §6): placement, reading, the state machine, returns, admin edits.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/model.hpp"
#include "shop/embedded.hpp"
#include "shop/result.hpp"

namespace order {

struct Actor {
    std::string user_id, email, name;
    bool admin = false;
    std::string role() const { return admin ? "Administrator" : "Customer"; }
};

struct Context {
    std::string request_id;
};

struct LineInput {
    std::string product_id;
    std::int64_t quantity = 0;
};

struct PlaceInput {
    std::vector<LineInput> items;
    shop::json::Address address;
    std::optional<std::string> notes;
};

// Idempotency-Key handling for a placement: the stored response is rendered by the API layer.
struct IdempotentRequest {
    std::string scope, request_hash;
    std::function<shop::StoredResponse(const Order&)> render;  // the response to store
};

struct Placed {
    Order order;
    std::optional<shop::StoredResponse> replay;  // a stored response to send again
};

struct Policy {
    std::int64_t return_window_ms = 30 * 86'400'000LL;
    std::string web_app_url = "http://localhost:8080";
};

class OrderService {
public:
    OrderService(OrderStore& store, const Catalog& catalog, Policy policy, std::span<const shop::embedded::File> templates);

    shop::Result<Placed> Place(const Actor& actor, const PlaceInput& input, const std::optional<IdempotentRequest>& idem,
                               const Context& ctx);
    // Reads serve stored documents as they are (no parse/serialise on the hot path).
    shop::Result<StoredOrder> Get(const Actor* actor, const std::string& id);  // actor null = service credential
    std::pair<std::vector<std::string>, std::int64_t> List(const OrderQuery& q) { return store_.List(q); }
    OrderStats Stats(TimeMs from, TimeMs to, bool weekly) { return store_.Stats(from, to, weekly); }

    shop::Result<Order> ChangeStatus(const Actor& a, const std::string& id, const std::string& status,
                                     const std::optional<std::string>& notes, const std::optional<std::string>& tracking,
                                     std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> Cancel(const Actor& a, const std::string& id, const std::string& reason,
                               std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> RequestReturn(const Actor& a, const std::string& id, const std::string& reason,
                                      const std::optional<std::vector<LineInput>>& items,
                                      std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> ApproveReturn(const Actor& a, const std::string& id, const std::optional<std::string>& notes,
                                      std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> RejectReturn(const Actor& a, const std::string& id, const std::string& reason,
                                     std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> Edit(const Actor& a, const std::string& id, const std::optional<shop::json::Address>& address,
                             const std::optional<std::optional<std::string>>& notes,
                             std::optional<std::int64_t> if_match, const Context& ctx);
    shop::Result<Order> Delete(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                               const Context& ctx);

    // UserErased: anonymise the copied name and email on that user's orders, once per event id.
    // Returns "processed" or "duplicate".
    std::string HandleUserErased(const std::string& event_id, const std::string& user_id);

private:
    using Mutation = std::function<shop::Status(Order&, shop::outbox::Effects&, TimeMs now)>;
    shop::Result<Order> Mutate(const Actor& a, const std::string& id, std::optional<std::int64_t> if_match,
                               const Context& ctx, const Mutation& change);
    shop::Status Transition(Order& o, const std::string& to, const Actor& a, const std::optional<std::string>& notes,
                            TimeMs now, shop::outbox::Effects& fx, const std::string& email_template);
    shop::outbox::EmailMessage Email(const std::string& name, const Order& o,
                                     std::vector<std::pair<std::string, std::string>> vars) const;

    OrderStore& store_;
    const Catalog& catalog_;
    Policy policy_;
    std::span<const shop::embedded::File> templates_;
};

std::string FormatRupees(Paise p);  // "₹1,234.50"-style for emails ("INR 1,234.50")

}  // namespace order
