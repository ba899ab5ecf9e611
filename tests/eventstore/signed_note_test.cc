#include "eventstore/signed_note.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/sha256.h"
#include "gtest/gtest.h"

namespace keeper::eventstore {
namespace {

constexpr char kOrigin[] = "keeper.example/fife";

class SignedNoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = Ed25519PrivateKey::Generate();
    ASSERT_TRUE(key.ok());
    key_.emplace(*std::move(key));
    verifier_ = {kOrigin, key_->public_key()};
    checkpoint_ = {kOrigin, 1234, Sha256("root")};
    auto note = SignNote(FormatCheckpoint(checkpoint_), kOrigin, *key_);
    ASSERT_TRUE(note.ok()) << note.status();
    note_ = *note;
  }

  std::optional<Ed25519PrivateKey> key_;
  NoteVerifier verifier_;
  Checkpoint checkpoint_;
  std::string note_;
};

TEST_F(SignedNoteTest, CheckpointNoteHasTheC2spLayout) {
  const std::string body = absl::StrCat(
      kOrigin, "\n1234\n", absl::Base64Escape(Sha256("root")), "\n");
  ASSERT_EQ(note_.substr(0, body.size()), body);
  const std::string signature_line = note_.substr(body.size());
  // A blank line, an em dash, the key name, base64 of key id and signature.
  const std::string prefix = absl::StrCat("\n\xE2\x80\x94 ", kOrigin, " ");
  ASSERT_EQ(signature_line.substr(0, prefix.size()), prefix);
  std::string blob;
  ASSERT_TRUE(absl::Base64Unescape(
      signature_line.substr(prefix.size(),
                            signature_line.size() - prefix.size() - 1),
      &blob));
  ASSERT_EQ(blob.size(), 4u + 64u);
  std::string key_material = absl::StrCat(kOrigin, "\n\x01");
  key_material += key_->public_key();
  EXPECT_EQ(blob.substr(0, 4), Sha256(key_material).substr(0, 4));
  EXPECT_TRUE(VerifyEd25519(key_->public_key(), body, blob.substr(4)).ok());
}

TEST_F(SignedNoteTest, OpensWithTheRightKey) {
  auto opened = OpenCheckpoint(note_, verifier_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, checkpoint_);
}

TEST_F(SignedNoteTest, VerifierKeyRoundTrips) {
  const std::string text = FormatVerifierKey(verifier_);
  EXPECT_EQ(text.substr(0, sizeof(kOrigin)), absl::StrCat(kOrigin, "+"));
  auto parsed = ParseVerifierKey(text + "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->name, verifier_.name);
  EXPECT_EQ(parsed->public_key, verifier_.public_key);
  std::string wrong_id = text;
  wrong_id[sizeof(kOrigin)] = wrong_id[sizeof(kOrigin)] == '0' ? '1' : '0';
  EXPECT_TRUE(absl::IsInvalidArgument(ParseVerifierKey(wrong_id).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseVerifierKey("a+b").status()));
}

TEST_F(SignedNoteTest, EveryChangedByteOfTheBodyOrSignatureIsRejected) {
  for (size_t i = 0; i < note_.size(); ++i) {
    std::string altered = note_;
    altered[i] ^= 0x01;
    EXPECT_FALSE(OpenCheckpoint(altered, verifier_).ok()) << "byte " << i;
  }
}

TEST_F(SignedNoteTest, AnotherKeyOrNameIsRejected) {
  auto other = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      OpenCheckpoint(note_, {kOrigin, other->public_key()}).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      OpenCheckpoint(note_, {"someone.else/log", key_->public_key()})
          .status()));
  // Signed by the right key under another name: the origin must match.
  auto renamed = SignNote(FormatCheckpoint(checkpoint_), "other.log", *key_);
  ASSERT_TRUE(renamed.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      OpenCheckpoint(*renamed, {"other.log", key_->public_key()}).status()));
}

TEST_F(SignedNoteTest, ExtraSignaturesByOtherKeysAreIgnored) {
  auto other = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  auto cosigned = SignNote(FormatCheckpoint(checkpoint_), "witness", *other);
  ASSERT_TRUE(cosigned.ok());
  const std::string both = note_ + cosigned->substr(cosigned->rfind("\xE2"));
  auto opened = OpenCheckpoint(both, verifier_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->size, 1234u);
}

TEST_F(SignedNoteTest, MalformedCheckpointsAreRejected) {
  const std::string root = absl::Base64Escape(Sha256("root"));
  for (const std::string& text : {
           std::string(""),
           absl::StrCat(kOrigin, "\n12\n", root),
           absl::StrCat(kOrigin, "\n12\n"),
           absl::StrCat(kOrigin, "\n-1\n", root, "\n"),
           absl::StrCat(kOrigin, "\n012\n", root, "\n"),
           absl::StrCat(kOrigin, "\n1x\n", root, "\n"),
           absl::StrCat(kOrigin, "\n99999999999999999999999\n", root, "\n"),
           absl::StrCat(kOrigin, "\n12\n", root.substr(0, 40), "\n"),
           absl::StrCat(kOrigin, "\n12\n", absl::Base64Escape("short"), "\n"),
           absl::StrCat("\n12\n", root, "\n"),
           absl::StrCat(kOrigin, "\n12\n", root, "\n\n"),
       }) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseCheckpoint(text).status()))
        << text;
  }
  EXPECT_TRUE(
      ParseCheckpoint(absl::StrCat(kOrigin, "\n0\n", root, "\next\n")).ok());
}

TEST_F(SignedNoteTest, MalformedNotesAreRejected) {
  for (const std::string& note :
       {std::string(""), std::string("\n\n"), std::string("text\n\n"),
        std::string("text\n"), FormatCheckpoint(checkpoint_) + "\nno dash\n",
        FormatCheckpoint(checkpoint_) + "\n\xE2\x80\x94 nospace\n",
        FormatCheckpoint(checkpoint_) + "\n\xE2\x80\x94 " + kOrigin +
            " !!notbase64\n"}) {
    EXPECT_FALSE(OpenSignedNote(note, verifier_).ok()) << note;
  }
}

TEST(Ed25519Test, PemRoundTripKeepsTheKey) {
  auto key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto pem = key->ToPem();
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(pem->find("BEGIN PRIVATE KEY"), std::string::npos);
  auto loaded = Ed25519PrivateKey::FromPem(*pem);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->public_key(), key->public_key());
  auto signature = loaded->Sign("message");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(VerifyEd25519(key->public_key(), "message", *signature).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(
      VerifyEd25519(key->public_key(), "messagE", *signature)));
  EXPECT_TRUE(absl::IsInvalidArgument(
      Ed25519PrivateKey::FromPem("not a key").status()));
}

}  // namespace
}  // namespace keeper::eventstore
