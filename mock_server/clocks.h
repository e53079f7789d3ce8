// The mock's clocks, in milliseconds. Short, so the checks that wait one out (a nonce's lifetime,
// a session's idle timeout, a rate window's Retry-After) keep a full run near a second;
// fixtures/mock.ini states the same values, and a test proves they agree.
#pragma once

namespace authspec::mock {

struct MockClocks {
  int nonce_ms = 1000;         // a Digest nonce's lifetime (digest.nonce_lifetime)
  int session_idle_ms = 1000;  // a session's idle timeout (session.idle_timeout)
  int rate_window_ms = 1000;   // the rate limiter's window (rate.window)
  int lock_ms = 10000;         // how long failed logins lock a user name
  int brief_token_ms = 1000;   // the lifetime of the short-lived OAuth client's tokens
};

}  // namespace authspec::mock
