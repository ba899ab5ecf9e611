// Makes ThreadSanitizer see absl::Mutex, which Debian's abseil is not built
// to tell it about: linked into the TSan build's test executables (and
// keeperd), this defines the out-of-line members of absl::Mutex,
// absl::CondVar and absl::Notification, annotates each with TSan's mutex
// interface, and forwards to the real member of libabsl_synchronization found
// with dlsym(RTLD_NEXT).
//
// Why it sees every call: the executable's definitions come first in
// symbol lookup, and every call into abseil's Mutex goes through the PLT —
// from our code, from libgrpc (grpc_core::Mutex wraps absl::Mutex), and
// from abseil itself (Notification, Barrier and BlockingCounter lock
// through the PLT, CondVar::WaitWithTimeout tail-calls WaitWithDeadline,
// Mutex::*WithTimeout tail-call *WithDeadline: only the latter are
// wrapped, so no call is annotated twice).
//
// The annotations mirror those abseil makes when built for TSan
// (absl/synchronization/mutex.cc), including around Condition::Eval, which
// runs a waiter's predicate on the locking or the unlocking thread while
// TSan considers the mutex held by neither: a thread-local record of the
// operation in progress tells Eval which mutex and which way.
//
// Thread safety: as abseil's. Failure: aborts at the first call if a real
// member cannot be found (the abseil version changed its names).
#if !defined(__SANITIZE_THREAD__) && defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define __SANITIZE_THREAD__ 1
#endif
#endif
#ifndef __SANITIZE_THREAD__
#error "only for a -fsanitize=thread build"
#endif

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

#define KEEPER_STR2(x) #x
#define KEEPER_STR(x) KEEPER_STR2(x)

namespace {

// The mangled name of a member of absl::<inline namespace>::, from the rest
// of its mangling after the namespace (e.g. "5Mutex4LockEv").
std::string Mangled(bool is_const, const char* rest) {
  const char* ns = KEEPER_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  return std::string(is_const ? "_ZNK" : "_ZN") + "4absl" +
         std::to_string(std::strlen(ns)) + ns + rest;
}

template <typename F>
F Real(bool is_const, const char* rest) {
  const std::string name = Mangled(is_const, rest);
  void* f = dlsym(RTLD_NEXT, name.c_str());
  if (f == nullptr) {
    std::fprintf(stderr, "absl_mutex_annotations: no %s\n", name.c_str());
    std::abort();
  }
  return reinterpret_cast<F>(f);
}

// The mutex operation this thread is inside, for Condition::Eval.
struct Operation {
  void* mu;
  bool locking;    // false: unlocking
  unsigned flags;  // __tsan_mutex_read_lock for a reader
  unsigned try_flag;
  Operation* outer;
};
thread_local Operation* current = nullptr;

class InOperation {
 public:
  InOperation(void* mu, bool locking, unsigned flags, unsigned try_flag = 0)
      : op_{mu, locking, flags, try_flag, current} {
    current = &op_;
  }
  ~InOperation() { current = op_.outer; }

 private:
  Operation op_;
};

// Lock-like operations that wait for a condition: annotated as a lock.
template <typename Call>
bool Locking(absl::Mutex* mu, unsigned flags, Call call) {
  __tsan_mutex_pre_lock(mu, flags);
  bool result;
  {
    InOperation op(mu, true, flags);
    result = call();
  }
  __tsan_mutex_post_lock(mu, flags, 0);
  return result;
}

// Await and CondVar waits: the caller holds `mu`; it is released, waited
// on and held again when the call returns.
template <typename Call>
bool Waiting(absl::Mutex* mu, Call call) {
  __tsan_mutex_pre_unlock(mu, 0);
  __tsan_mutex_post_unlock(mu, 0);
  return Locking(mu, 0, call);
}

using Cond = const absl::Condition&;

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

// The inline constructor announces the mutex to TSan (not static); the
// library's destructor, built without TSan, does not retire it.
Mutex::~Mutex() {
  static auto real = Real<void (*)(Mutex*)>(false, "5MutexD1Ev");
  __tsan_mutex_destroy(this, __tsan_mutex_not_static);
  real(this);
}

void Mutex::Lock() {
  static auto real = Real<void (*)(Mutex*)>(false, "5Mutex4LockEv");
  Locking(this, 0, [&] { return real(this), true; });
}

void Mutex::ReaderLock() {
  static auto real = Real<void (*)(Mutex*)>(false, "5Mutex10ReaderLockEv");
  Locking(this, __tsan_mutex_read_lock, [&] { return real(this), true; });
}

bool Mutex::TryLock() {
  static auto real = Real<bool (*)(Mutex*)>(false, "5Mutex7TryLockEv");
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_lock);
  const bool locked = real(this);
  __tsan_mutex_post_lock(
      this, __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed),
      0);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static auto real = Real<bool (*)(Mutex*)>(false, "5Mutex13ReaderTryLockEv");
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_read_lock);
  const bool locked = real(this);
  __tsan_mutex_post_lock(
      this,
      locked ? __tsan_mutex_try_read_lock : __tsan_mutex_try_read_lock_failed,
      0);
  return locked;
}

void Mutex::Unlock() {
  static auto real = Real<void (*)(Mutex*)>(false, "5Mutex6UnlockEv");
  __tsan_mutex_pre_unlock(this, 0);
  {
    InOperation op(this, false, 0);
    real(this);
  }
  __tsan_mutex_post_unlock(this, 0);
}

void Mutex::ReaderUnlock() {
  static auto real = Real<void (*)(Mutex*)>(false, "5Mutex12ReaderUnlockEv");
  __tsan_mutex_pre_unlock(this, __tsan_mutex_read_lock);
  {
    InOperation op(this, false, __tsan_mutex_read_lock);
    real(this);
  }
  __tsan_mutex_post_unlock(this, __tsan_mutex_read_lock);
}

void Mutex::LockWhen(Cond cond) {
  static auto real =
      Real<void (*)(Mutex*, Cond)>(false, "5Mutex8LockWhenERKNS0_9ConditionE");
  Locking(this, 0, [&] { return real(this, cond), true; });
}

void Mutex::ReaderLockWhen(Cond cond) {
  static auto real = Real<void (*)(Mutex*, Cond)>(
      false, "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  Locking(this, __tsan_mutex_read_lock, [&] { return real(this, cond), true; });
}

bool Mutex::LockWhenWithDeadline(Cond cond, absl::Time deadline) {
  static auto real = Real<bool (*)(Mutex*, Cond, absl::Time)>(
      false, "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Locking(this, 0, [&] { return real(this, cond, deadline); });
}

bool Mutex::ReaderLockWhenWithDeadline(Cond cond, absl::Time deadline) {
  static auto real = Real<bool (*)(Mutex*, Cond, absl::Time)>(
      false, "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Locking(this, __tsan_mutex_read_lock,
                 [&] { return real(this, cond, deadline); });
}

void Mutex::Await(Cond cond) {
  static auto real =
      Real<void (*)(Mutex*, Cond)>(false, "5Mutex5AwaitERKNS0_9ConditionE");
  Waiting(this, [&] { return real(this, cond), true; });
}

bool Mutex::AwaitWithDeadline(Cond cond, absl::Time deadline) {
  static auto real = Real<bool (*)(Mutex*, Cond, absl::Time)>(
      false, "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Waiting(this, [&] { return real(this, cond, deadline); });
}

void CondVar::Wait(Mutex* mu) {
  static auto real =
      Real<void (*)(CondVar*, Mutex*)>(false, "7CondVar4WaitEPNS0_5MutexE");
  Waiting(mu, [&] { return real(this, mu), true; });
}

bool CondVar::WaitWithDeadline(Mutex* mu, absl::Time deadline) {
  static auto real = Real<bool (*)(CondVar*, Mutex*, absl::Time)>(
      false, "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  return Waiting(mu, [&] { return real(this, mu, deadline); });
}

// A waiter that finds the notification already given returns without
// touching the mutex (an atomic load, invisible here): Notify releases and
// every wait acquires the notification itself. (HasBeenNotified, inline in
// the caller, is not covered.)
void Notification::Notify() {
  static auto real =
      Real<void (*)(Notification*)>(false, "12Notification6NotifyEv");
  __tsan_release(this);
  real(this);
}

void Notification::WaitForNotification() const {
  static auto real = Real<void (*)(const Notification*)>(
      true, "12Notification19WaitForNotificationEv");
  real(this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithTimeout(
    absl::Duration timeout) const {
  static auto real = Real<bool (*)(const Notification*, absl::Duration)>(
      true, "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE");
  const bool notified = real(this, timeout);
  __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(absl::Time deadline) const {
  static auto real = Real<bool (*)(const Notification*, absl::Time)>(
      true, "12Notification31WaitForNotificationWithDeadlineENS0_4TimeE");
  const bool notified = real(this, deadline);
  __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

// As abseil's EvalConditionAnnotated: the predicate reads what the mutex
// guards, so TSan must consider it held while it runs.
bool Condition::Eval() const {
  static auto real =
      Real<bool (*)(const Condition*)>(true, "9Condition4EvalEv");
  Operation* op = current;
  if (op == nullptr) return real(this);
  current = op->outer;  // a predicate's own locking is its own operation
  bool result;
  if (op->locking) {
    __tsan_mutex_post_lock(op->mu, op->try_flag | op->flags, 0);
    result = real(this);
    __tsan_mutex_pre_unlock(op->mu, op->flags);
    __tsan_mutex_post_unlock(op->mu, op->flags);
    __tsan_mutex_pre_lock(op->mu, op->try_flag | op->flags);
  } else {
    __tsan_mutex_post_unlock(op->mu, op->flags);
    __tsan_mutex_pre_lock(op->mu, op->flags);
    __tsan_mutex_post_lock(op->mu, op->flags, 0);
    result = real(this);
    __tsan_mutex_pre_unlock(op->mu, op->flags);
  }
  current = op;
  return result;
}

ABSL_NAMESPACE_END
}  // namespace absl
