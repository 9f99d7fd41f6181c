"""TOTP codes (RFC 6238) for the demo staff, whose secrets derive from their logins (see the README):
the first 20 bytes of SHA-256("yiwang-demo-totp:" + login). A code is good once, so a login's second
sign-in in the same 30 seconds takes the next step's code (the server accepts one step either side)."""
import hashlib
import hmac
import struct
import time

_used = {}


def is_staff(login):
    return not login.isdigit()


def code(login):
    step = int(time.time()) // 30
    last = _used.get(login)
    if last is not None and step <= last:
        step = last + 1
        if step > int(time.time()) // 30 + 1:  # both this step and the next are spent: wait for a fresh one
            time.sleep(30 - time.time() % 30 + 0.5)
            step = int(time.time()) // 30
    _used[login] = step
    secret = hashlib.sha256(("yiwang-demo-totp:" + login).encode()).digest()[:20]
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return "%06d" % value
