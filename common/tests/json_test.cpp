#include <gtest/gtest.h>

#include "shop/json/fields.hpp"
#include "shop/json/reader.hpp"

using namespace shop;
using namespace shop::json;

TEST(StrictJson, RejectsDuplicateKeysAtAnyDepth) {
    EXPECT_EQ(ParseStrict(R"({"a":1,"a":2})").error().code, ErrorCode::kMalformedJson);
    EXPECT_EQ(ParseStrict(R"({"a":{"b":1,"b":1}})").error().code, ErrorCode::kMalformedJson);
    EXPECT_TRUE(ParseStrict(R"({"a":{"b":1},"b":{"b":2}})").ok());
}

TEST(StrictJson, RejectsNonFiniteNumbersAndInvalidUtf8) {
    EXPECT_FALSE(ParseStrict(R"({"n":1e400})").ok());
    EXPECT_FALSE(ParseStrict("{\"s\":\"\xff\xfe\"}").ok());
    EXPECT_FALSE(ParseStrict("{\"a\":1").ok());
    EXPECT_FALSE(ParseStrict("").ok());
}

TEST(StrictJson, SerialisesDoublesAsMoney) {
    EXPECT_EQ(Serialize(bj::object{{"total", Money(99800)}}), R"({"total":998.00})");
    EXPECT_EQ(Serialize(bj::object{{"n", 3}, {"s", "a\"b"}}), R"({"n":3,"s":"a\"b"})");
}

TEST(ObjectBody, TopLevelNonObjectIsAValidationError) {
    EXPECT_EQ(ParseObjectBody("[1]").error().code, ErrorCode::kValidationFailed);
    EXPECT_EQ(ParseObjectBody("{").error().code, ErrorCode::kMalformedJson);
    EXPECT_TRUE(ParseObjectBody("", true).ok());
}

TEST(Reader, TrimsCountsCodePointsAndRejectsControlCharacters) {
    Validator v;
    auto body = ParseObjectBody(R"({"a":"  héllo  ","b":"x\u0001y","c":"line1\r\nline2","d":"\u0085"})").value();
    ObjectReader r(body, v);
    EXPECT_EQ(r.String("a", {.min = 5, .max = 5}, kRequired).value, "héllo");
    EXPECT_FALSE(r.String("b", {.max = 10}, kRequired).set());
    EXPECT_EQ(r.String("c", {.max = 20, .long_text = true}, kRequired).value, "line1\nline2");
    EXPECT_FALSE(r.String("d", {.max = 10}, kRequired).set());
    EXPECT_TRUE(v.HasIssueFor("b"));
    EXPECT_TRUE(v.HasIssueFor("d"));
}

TEST(Reader, NoTypeCoercionAndUnknownFieldsRejected) {
    Validator v;
    auto body = ParseObjectBody(R"({"n":"2","f":2.0,"b":"true","extra":1})").value();
    ObjectReader r(body, v);
    EXPECT_FALSE(r.Int("n", kRequired, 1, 10).set());
    EXPECT_FALSE(r.Int("f", kRequired, 1, 10).set());
    EXPECT_FALSE(r.Bool("b", kRequired).set());
    r.RejectUnknown();
    EXPECT_TRUE(v.HasIssueFor("extra"));
    EXPECT_EQ(v.error().issues.size(), 4u);
}

TEST(Reader, DistinguishesAbsentNullAndEmpty) {
    Validator v;
    auto body = ParseObjectBody(R"({"a":null,"b":"   "})").value();
    ObjectReader r(body, v);
    EXPECT_TRUE(r.String("a", {.max = 5}, kOptional).null());
    EXPECT_TRUE(r.String("b", {.max = 5}, kOptional).null());
    EXPECT_TRUE(r.String("c", {.max = 5}, kOptional).absent());
    EXPECT_TRUE(v.ok());
}

TEST(Fields, EmailRules) {
    EXPECT_EQ(CheckEmail("Asha@Example.COM").value(), "asha@example.com");
    EXPECT_FALSE(CheckEmail("no-at-sign").ok());
    EXPECT_FALSE(CheckEmail("a@b@c.com").ok());
    EXPECT_FALSE(CheckEmail("a@localhost").ok());
    EXPECT_FALSE(CheckEmail("a@-bad.com").ok());
    EXPECT_FALSE(CheckEmail("a b@x.com").ok());
}

TEST(Fields, PasswordRules) {
    EXPECT_FALSE(PasswordProblem("Secret123", "asha@example.com"));
    EXPECT_TRUE(PasswordProblem("onlyletters", ""));
    EXPECT_TRUE(PasswordProblem("12345678", ""));
    EXPECT_TRUE(PasswordProblem("Asha@Example.com1", "asha@example.com1"));
}

TEST(Fields, AddressIsCheckedMemberByMemberAndCountryUpperCased) {
    Validator v;
    auto body = ParseObjectBody(
        R"({"address":{"street":"12 MG Road","city":"Bengaluru","state":"Karnataka","zipCode":"560001","country":"in"}})")
                    .value();
    ObjectReader r(body, v);
    auto a = ReadAddress(r, "address", kRequired);
    ASSERT_TRUE(a.set());
    EXPECT_EQ(a.value.country, "IN");

    Validator v2;
    auto bad = ParseObjectBody(R"({"address":{"street":"","city":"B","state":"K","zipCode":"5$","country":"IND","x":1}})").value();
    ObjectReader r2(bad, v2);
    EXPECT_FALSE(ReadAddress(r2, "address", kRequired).set());
    EXPECT_TRUE(v2.HasIssueFor("address.street"));
    EXPECT_TRUE(v2.HasIssueFor("address.zipCode"));
    EXPECT_TRUE(v2.HasIssueFor("address.country"));
    EXPECT_TRUE(v2.HasIssueFor("address.x"));
}

TEST(Fields, ContactNumber) {
    EXPECT_TRUE(CheckContactNumber("+91 98450 12345").ok());
    EXPECT_TRUE(CheckContactNumber("080 (2345) 6789").ok());
    EXPECT_FALSE(CheckContactNumber("(080) 2345-6789").ok());
    EXPECT_FALSE(CheckContactNumber("12345").ok());
    EXPECT_FALSE(CheckContactNumber("+91 98450 1234x").ok());
}
